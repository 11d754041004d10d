package org.kcyj.identity;

import java.text.Normalizer;
import java.util.Map;

import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * How passwords are hashed. New hashes are Argon2id ({@code {argon2}…}); bcrypt's limit of 72 bytes would cut
 * short a password of 64 Chinese characters (192 bytes in UTF-8), and Spring's bcrypt encoder refuses such input.
 * Hashes stored before, bcrypt without a prefix, still match and are re-hashed with Argon2 at the next sign-in.
 * Every password is normalised to Unicode NFKC before it is hashed or checked (NIST SP 800-63B), so the same
 * password typed with full-width or composed characters is the same password.
 *
 * <p>Parameters: Argon2id with 19 MiB of memory, 2 iterations, 1 lane (OWASP's first recommended setting),
 * 16-byte salt, 32-byte hash. Measured on a two-core build machine under heavy load from other builds: in a warm
 * JVM (8 verifies averaged, two runs) 98-166 ms per verify against 158-228 ms for the bcrypt (cost 10) it replaces;
 * in {@code PasswordHashingTest}'s short run (3 warm-up rounds) 336 ms against 174 ms. So one sign-in (and every
 * test request, which sends HTTP Basic credentials) costs about as much as before, up to twice as much with a
 * cold JIT. (12 MiB/3 iterations and 7 MiB/5, OWASP's other settings, measured 95-126 and 88-125 ms warm.)
 */
public final class PasswordHashing {
    static final int SALT_BYTES = 16;
    static final int HASH_BYTES = 32;
    static final int PARALLELISM = 1;
    static final int MEMORY_KIB = 19 * 1024;
    static final int ITERATIONS = 2;

    private PasswordHashing() {
    }

    /** The application's password encoder. */
    public static PasswordEncoder encoder() {
        DelegatingPasswordEncoder delegating = new DelegatingPasswordEncoder("argon2", Map.of(
                "argon2", new Argon2PasswordEncoder(SALT_BYTES, HASH_BYTES, PARALLELISM, MEMORY_KIB, ITERATIONS),
                "bcrypt", new BCryptPasswordEncoder()));
        delegating.setDefaultPasswordEncoderForMatches(new BCryptPasswordEncoder());
        return new Normalising(delegating);
    }

    /** The password as it is hashed and checked: NFKC-normalised. */
    public static String normalise(CharSequence raw) {
        return raw == null ? null : Normalizer.normalize(raw, Normalizer.Form.NFKC);
    }

    /** Normalises before hashing and checking; a legacy bcrypt hash also matches the password as typed. */
    private record Normalising(PasswordEncoder delegate) implements PasswordEncoder {
        @Override
        public String encode(CharSequence raw) {
            return delegate.encode(normalise(raw));
        }

        @Override
        public boolean matches(CharSequence raw, String encoded) {
            if (raw == null || encoded == null) {
                return false;
            }
            String normalised = normalise(raw);
            if (delegate.matches(normalised, encoded)) {
                return true;
            }
            // A bcrypt hash stored before normalisation was introduced holds the password as it was typed.
            return !normalised.contentEquals(raw) && !encoded.startsWith("{") && delegate.matches(raw, encoded);
        }

        @Override
        public boolean upgradeEncoding(String encoded) {
            return delegate.upgradeEncoding(encoded);
        }
    }
}
