package org.reservegrid.gateway.work;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.bitcoinj.base.AddressParser;
import org.bitcoinj.script.ScriptBuilder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Addresses to output scripts: the BIP173 and BIP350 examples, base58 ones, cross-checked with bitcoinj. */
class PayoutScriptTests {
    private static final HexFormat HEX = HexFormat.of();

    @ParameterizedTest
    @CsvSource({
        // BIP173 / BIP350 test vectors (address, scriptPubKey).
        "BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4, 0014751e76e8199196d454941c45d1b3a323f1433bd6",
        "tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sl5k7,"
                + " 00201863143c14c5166804bd19203356da136c985678cd4d27a1b8c6329604903262",
        "bc1pw508d6qejxtdg4y5r3zarvary0c5xw7kw508d6qejxtdg4y5r3zarvary0c5xw7kt5nd6y,"
                + " 5128751e76e8199196d454941c45d1b3a323f1433bd6751e76e8199196d454941c45d1b3a323f1433bd6",
        "BC1SW50QGDZ25J, 6002751e",
        "bc1zw508d6qejxtdg4y5r3zarvaryvaxxpcs, 5210751e76e8199196d454941c45d1b3a323",
        "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0,"
                + " 512079be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798",
        // Base58check P2PKH and P2SH.
        "1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2, 76a91477bff20c60e522dfaa3350c39b030a5d004e839a88ac",
        "3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy, a914b472a266d0bd89c13706a4132ccfb16f7c3b9fcb87"
    })
    void addressesBecomeTheirOutputScripts(String address, String script) {
        assertThat(HEX.formatHex(PayoutScript.fromAddress(address))).isEqualTo(script);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "bcrt1qw508d6qejxtdg4y5r3zarvary0c5xw7kygt080",
                "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq",
                "tb1pqqqqp399et2xygdj5xreqhjjvcmzhxw4aywxecjdzew6hylgvsesf3hn0c",
                "mipcBbFg9gMiCh81Kj8tqqdgoZub1ZJRfn",
                "2MzQwSSnBHWHqSAqtTVQ6v47XtaisrJa1Vc"
            })
    void agreesWithBitcoinj(String address) {
        byte[] expected = ScriptBuilder.createOutputScript(
                        AddressParser.getDefault().parseAddress(address))
                .program();
        assertThat(PayoutScript.fromAddress(address)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                // BIP173/BIP350 invalid examples: bad checksum, v0 with bech32m, v1 with bech32, bad padding,
                // mixed case, wrong program length; and a corrupted base58 address.
                "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5",
                "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kemeawh",
                "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vq5zuyut",
                "bc1zw508d6qejxtdg4y5r3zarvaryvqyzf3du",
                "tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3pjxtptv",
                "bc1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sL5k7",
                "BC1QR508D6QEJXTDG4Y5R3ZARVARYV98GJ9P",
                "1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN3",
                "not an address"
            })
    void malformedAddressesAreRefused(String address) {
        assertThatThrownBy(() -> PayoutScript.fromAddress(address)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "zz", "0"})
    void hexScriptsMustBeHexAndNotEmpty(String hex) {
        assertThatThrownBy(() -> PayoutScript.fromHex(hex)).isInstanceOf(IllegalArgumentException.class);
    }
}
