package org.kcyj.document;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Locale;

/**
 * The check code printed on an internal document beside its QR code (核验码): ten characters of
 * Crockford's base32, 50 random bits, so that nobody can confirm that an internal document exists
 * without holding it (guessing one document's code takes on average 2^49 tries). Read leniently (case,
 * spaces and hyphens ignored, O read as 0, I and L as 1) and compared in constant time.
 */
final class CheckCodes {

    static final int LENGTH = 10;
    private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Compared with when a document has no code, so that the comparison costs the same. */
    private static final String NONE = "\u0000".repeat(LENGTH);

    private CheckCodes() {
    }

    /** A new random code, e.g. {@code 7KQ2M9XD4T}. */
    static String random() {
        char[] code = new char[LENGTH];
        for (int i = 0; i < LENGTH; i++) {
            code[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
        }
        return new String(code);
    }

    /** As printed: two groups of five, {@code 7KQ2M-9XD4T}. */
    static String display(String code) {
        return code == null || code.length() != LENGTH ? code : code.substring(0, 5) + "-" + code.substring(5);
    }

    /**
     * The code as typed or carried in a URL, normalised; {@code null} for nothing usable (blank, too long,
     * or characters outside the alphabet).
     */
    static String normalise(String typed) {
        if (typed == null || typed.length() > 40) {
            return null;
        }
        StringBuilder out = new StringBuilder(LENGTH);
        for (char c : typed.toUpperCase(Locale.ROOT).toCharArray()) {
            if (c == '-' || c == ' ') {
                continue;
            }
            char read = switch (c) {
                case 'O' -> '0';
                case 'I', 'L' -> '1';
                default -> c;
            };
            if (new String(ALPHABET).indexOf(read) < 0) {
                return null;
            }
            out.append(read);
        }
        return out.length() == LENGTH ? out.toString() : null;
    }

    /**
     * Whether {@code typed} is the document's code. Always compares two SHA-256 digests in constant time,
     * whether or not anything was typed and whether or not the document has a code, so the answer takes
     * the same time in every case.
     */
    static boolean matches(String typed, String stored) {
        String given = normalise(typed);
        boolean equal = MessageDigest.isEqual(digest(given == null ? "" : given), digest(stored == null ? NONE : stored));
        return equal && given != null && stored != null;
    }

    private static byte[] digest(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }
}
