package org.reservegrid.sv2.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** The hand-rolled HMAC and tagged hash against the JDK's and BIP340's definitions. */
class HashesTests {

    @Property(tries = 200)
    void hmacMatchesTheJdkForAnyKeyAndMessage(
            @ForAll @Size(min = 1, max = 150) byte[] key, @ForAll @Size(max = 300) byte[] message)
            throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        assertThat(Hashes.hmacSha256(key, message)).isEqualTo(mac.doFinal(message));
    }

    @Property(tries = 50)
    void hmacOverPartsEqualsHmacOverTheirConcatenation(
            @ForAll @Size(32) byte[] key, @ForAll @Size(max = 40) byte[] first, @ForAll @Size(max = 40) byte[] second) {
        byte[] joined = new byte[first.length + second.length];
        System.arraycopy(first, 0, joined, 0, first.length);
        System.arraycopy(second, 0, joined, first.length, second.length);
        assertThat(Hashes.hmacSha256(key, first, second)).isEqualTo(Hashes.hmacSha256(key, joined));
    }

    @Test
    void taggedHashPrefixesTheDoubledTagHash() throws GeneralSecurityException {
        byte[] tagHash =
                MessageDigest.getInstance("SHA-256").digest("BIP0340/challenge".getBytes(StandardCharsets.UTF_8));
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        digest.update(tagHash);
        digest.update(tagHash);
        digest.update(new byte[] {1, 2, 3});
        assertThat(Hashes.taggedHash("BIP0340/challenge", new byte[] {1, 2}, new byte[] {3}))
                .isEqualTo(digest.digest());
    }
}
