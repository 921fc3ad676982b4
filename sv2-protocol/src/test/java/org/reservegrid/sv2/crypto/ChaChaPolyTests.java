package org.reservegrid.sv2.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/**
 * The Java small-message engine against the JDK's RFC 8439 implementation: same ciphertext and tag for any key, nonce,
 * associated data and length, and the same rejections.
 */
class ChaChaPolyTests {

    @Property(tries = 300)
    void javaEngineAndJdkCipherProduceIdenticalOutput(
            @ForAll @Size(32) byte[] key,
            @ForAll long nonce,
            @ForAll @Size(max = 80) byte[] ad,
            @ForAll @Size(max = 1100) byte[] plaintext)
            throws AeadAuthenticationException {
        byte[] viaEngine = new byte[plaintext.length + ChaChaPoly.TAG_LENGTH];
        byte[] viaJdk = new byte[plaintext.length + ChaChaPoly.TAG_LENGTH];
        new ChaCha20Poly1305Engine(key).seal(nonce, ad, plaintext, 0, plaintext.length, viaEngine, 0);
        new ChaChaPoly(key).sealWithJdk(nonce, ad, plaintext, 0, plaintext.length, viaJdk, 0);
        assertThat(viaEngine).isEqualTo(viaJdk);

        byte[] openedByEngine = new byte[plaintext.length];
        new ChaCha20Poly1305Engine(key).open(nonce, ad, viaJdk, 0, viaJdk.length, openedByEngine, 0);
        assertThat(openedByEngine).isEqualTo(plaintext);
        byte[] openedByJdk = new byte[plaintext.length];
        new ChaChaPoly(key).openWithJdk(nonce, ad, viaEngine, 0, viaEngine.length, openedByJdk, 0);
        assertThat(openedByJdk).isEqualTo(plaintext);
    }

    @Property(tries = 200)
    void anyFlippedBitIsRejectedByBothPaths(
            @ForAll @Size(32) byte[] key,
            @ForAll @Size(max = 300) byte[] plaintext,
            @ForAll @IntRange(min = 0, max = 10_000) int position,
            @ForAll @IntRange(min = 0, max = 7) int bit) {
        ChaChaPoly aead = new ChaChaPoly(key);
        byte[] sealed = aead.seal(7, new byte[0], plaintext);
        sealed[position % sealed.length] ^= (byte) (1 << bit);
        byte[] out = new byte[plaintext.length];
        assertThatThrownBy(() -> new ChaCha20Poly1305Engine(key).open(7, new byte[0], sealed, 0, sealed.length, out, 0))
                .isInstanceOf(AeadAuthenticationException.class);
        assertThatThrownBy(() -> new ChaChaPoly(key).openWithJdk(7, new byte[0], sealed, 0, sealed.length, out, 0))
                .isInstanceOf(AeadAuthenticationException.class);
    }

    @Test
    void largeMessagesRoundTripThroughTheJdkPath() throws AeadAuthenticationException {
        byte[] key = new byte[32];
        key[0] = 1;
        byte[] plaintext = new byte[65_519];
        for (int i = 0; i < plaintext.length; i++) {
            plaintext[i] = (byte) i;
        }
        ChaChaPoly aead = new ChaChaPoly(key);
        byte[] sealed = aead.seal(3, new byte[0], plaintext);
        byte[] viaEngine = new byte[sealed.length];
        new ChaCha20Poly1305Engine(key).seal(3, new byte[0], plaintext, 0, plaintext.length, viaEngine, 0);
        assertThat(sealed).isEqualTo(viaEngine);
        assertThat(aead.open(3, new byte[0], sealed)).isEqualTo(plaintext);
    }

    @Test
    void inputShorterThanATagIsRejected() {
        assertThatThrownBy(() -> new ChaChaPoly(new byte[32]).open(0, new byte[0], new byte[15]))
                .isInstanceOf(AeadAuthenticationException.class);
    }
}
