package org.kcyj.identity;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

/** Argon2 for new hashes, legacy bcrypt still accepted and upgraded, NFKC normalisation, no truncation. */
class PasswordHashingTest {
    private final PasswordEncoder encoder = PasswordHashing.encoder();

    @Test
    void newHashesAreArgon2AndSixtyFourChineseCharactersAreNotTruncated() {
        String chinese = "科".repeat(63) + "甲";
        String hash = encoder.encode(chinese);

        assertThat(hash).startsWith("{argon2}$argon2id$").hasSizeLessThanOrEqualTo(255);
        assertThat(encoder.matches(chinese, hash)).isTrue();
        // bcrypt would see only the first 72 bytes (24 characters): a change at the end must count
        assertThat(encoder.matches("科".repeat(63) + "乙", hash)).isFalse();
        assertThat(encoder.upgradeEncoding(hash)).isFalse();
    }

    @Test
    void legacyBcryptHashesStillMatchAndAreMarkedForUpgrade() {
        String legacy = new BCryptPasswordEncoder().encode("an old password of 2024");

        assertThat(encoder.matches("an old password of 2024", legacy)).isTrue();
        assertThat(encoder.matches("an old password of 2025", legacy)).isFalse();
        assertThat(encoder.upgradeEncoding(legacy)).isTrue();
        assertThat(encoder.matches("长".repeat(40), legacy)).as("over bcrypt's 72 bytes: no match, no error").isFalse();
    }

    @Test
    void passwordsAreNormalisedToNfkcBeforeHashingAndChecking() {
        String hash = encoder.encode("ｐａｓｓ　ｐｈｒａｓｅ　２０２６");   // full-width letters, digits and space

        assertThat(encoder.matches("pass phrase 2026", hash)).isTrue();
        String composed = encoder.encode("caf\u00e9 au lait, s'il vous pla\u00eet");
        assertThat(encoder.matches("cafe\u0301 au lait, s'il vous plai\u0302t", composed)).isTrue();
    }

    @Test
    void oneHashAndOneVerifyCostAboutAsMuchAsBcrypt() {
        PasswordEncoder bcrypt = new BCryptPasswordEncoder();
        String argon = encoder.encode("warm-up password 1");
        String legacy = bcrypt.encode("warm-up password 1");
        for (int i = 0; i < 3; i++) {
            encoder.matches("warm-up password 1", argon);
            bcrypt.matches("warm-up password 1", legacy);
        }
        int rounds = 10;
        long start = System.nanoTime();
        for (int i = 0; i < rounds; i++) {
            assertThat(encoder.matches("warm-up password 1", argon)).isTrue();
        }
        long argonMs = (System.nanoTime() - start) / rounds / 1_000_000;
        start = System.nanoTime();
        for (int i = 0; i < rounds; i++) {
            assertThat(bcrypt.matches("warm-up password 1", legacy)).isTrue();
        }
        long bcryptMs = (System.nanoTime() - start) / rounds / 1_000_000;
        // A figure for the record, not a pass/fail criterion.
        System.out.println("One verify: Argon2id " + argonMs + " ms, bcrypt(10) " + bcryptMs + " ms");
    }
}
