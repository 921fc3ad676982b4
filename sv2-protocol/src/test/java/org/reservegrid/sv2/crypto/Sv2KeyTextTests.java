package org.reservegrid.sv2.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.reservegrid.sv2.crypto.TestVectors.hex;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Key text forms against {@code sv2/authority-keys.json} (sv2-spec 4.7.1 and SRI's example configuration). */
class Sv2KeyTextTests {

    private static final JsonNode KEYS = TestVectors.json("sv2/authority-keys.json");

    @Test
    void specVectorPublicKeyDecodesToItsRawKeyAndBack() {
        JsonNode spec = KEYS.get("spec_vector");
        String text = spec.get("prefixed_base58check").asString();
        byte[] xOnly = Sv2KeyText.decodeAuthorityPublicKey(text);
        assertThat(hex(xOnly)).isEqualTo(spec.get("raw_ca_public_key_hex").asString());
        assertThat(Sv2KeyText.encodeAuthorityPublicKey(xOnly)).isEqualTo(text);
    }

    @Test
    void sriExamplePublicKeyCarriesTheVersionPrefix() {
        JsonNode sri = KEYS.get("sri_example_config_keypair");
        String text = sri.get("authority_public_key_base58check").asString();
        assertThat(hex(Base58Check.decode(text)))
                .isEqualTo(sri.get("authority_public_key_decoded_hex").asString());
        assertThat(hex(Sv2KeyText.decodeAuthorityPublicKey(text)))
                .isEqualTo(sri.get("authority_xonly_hex").asString());
        assertThat(Sv2KeyText.encodeAuthorityPublicKey(
                        hex(sri.get("authority_xonly_hex").asString())))
                .isEqualTo(text);
    }

    @Test
    void sriExampleSecretKeyDecodesAndBelongsToThePublicKey() {
        JsonNode sri = KEYS.get("sri_example_config_keypair");
        String text = sri.get("authority_secret_key_base58check").asString();
        byte[] secret = Sv2KeyText.decodeSecretKey(text);
        assertThat(hex(secret)).isEqualTo(sri.get("authority_secret_hex").asString());
        assertThat(Sv2KeyText.encodeSecretKey(secret)).isEqualTo(text);
        assertThat(hex(Secp256k1.xOnlyPublicKey(secret)))
                .isEqualTo(sri.get("authority_xonly_hex").asString());
    }

    @Test
    void aChangedCharacterBreaksTheChecksum() {
        String text = KEYS.get("sri_example_config_keypair")
                .get("authority_public_key_base58check")
                .asString();
        String changed = text.substring(0, 10) + (text.charAt(10) == 'a' ? 'b' : 'a') + text.substring(11);
        assertThatThrownBy(() -> Sv2KeyText.decodeAuthorityPublicKey(changed))
                .isInstanceOf(InvalidEncodingException.class)
                .hasMessageContaining("checksum");
    }

    @Test
    void charactersOutsideTheAlphabetAreRejected() {
        assertThatThrownBy(() -> Base58Check.decode("0OIl")).isInstanceOf(InvalidEncodingException.class);
        assertThatThrownBy(() -> Base58Check.decode("")).isInstanceOf(InvalidEncodingException.class);
        assertThatThrownBy(() -> Base58Check.decode("é")).isInstanceOf(InvalidEncodingException.class);
    }

    @Test
    void aSecretKeyIsNotAcceptedAsAPublicKey() {
        String secretText = KEYS.get("sri_example_config_keypair")
                .get("authority_secret_key_base58check")
                .asString();
        assertThatThrownBy(() -> Sv2KeyText.decodeAuthorityPublicKey(secretText))
                .isInstanceOf(InvalidEncodingException.class);
    }

    @Test
    void leadingZeroBytesSurviveTheRoundTrip() {
        byte[] payload = {0, 0, 1, 2, 3};
        assertThat(Base58Check.decode(Base58Check.encode(payload))).isEqualTo(payload);
        assertThat(Base58Check.encode(payload)).startsWith("11");
    }
}
