package org.kcyj.shared;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Optional;

import org.kcyj.shared.FieldProblem;

/**
 * A unified social credit code (统一社会信用代码) as defined by GB 32100-2015: 18 characters from the
 * 31-character alphabet {@value #ALPHABET} (no I, O, Z, S or V). Position 1 is the registration
 * authority, 2 the organisation type, 3-8 the administrative area code (digits), 9-17 the
 * organisation code, and 18 a check character: with the weights 3<sup>i</sup> mod 31, C18 = 31 -
 * (sum mod 31), where 31 is written 0.
 *
 * <p>Input is normalised before checking: NFKC (full-width characters count), surrounding whitespace
 * removed, upper case. The authority and type codes are not checked against the standard's tables,
 * which the registration authorities extend; a mistyped one fails the check character.
 */
public final class CreditCode {

    /** Why a value is not a valid code; each reason has a message-bundle code. */
    public enum Problem {
        LENGTH("rules.credit-code.length"),
        CHARACTERS("rules.credit-code.characters"),
        AREA_CODE("rules.credit-code.area-code"),
        CHECK_CHARACTER("rules.credit-code.check-character");

        private final String code;

        Problem(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    public static final int LENGTH = 18;
    public static final String ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";

    private static final int[] WEIGHTS = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};

    private final String value;

    private CreditCode(String value) {
        this.value = value;
    }

    /** The code as it is checked and stored: NFKC, stripped, upper case. Null gives "". */
    public static String normalise(String raw) {
        if (raw == null) {
            return "";
        }
        return Normalizer.normalize(raw, Normalizer.Form.NFKC).strip().toUpperCase(Locale.ROOT);
    }

    /**
     * The first reason why {@code raw} is not a valid code, checked in the order length, characters,
     * area code, check character; empty when it is valid.
     */
    public static Optional<Problem> check(String raw) {
        return Optional.ofNullable(problemOf(normalise(raw)));
    }

    /** The parsed code, or empty when {@link #check} finds a problem. */
    public static Optional<CreditCode> parse(String raw) {
        String value = normalise(raw);
        return problemOf(value) == null ? Optional.of(new CreditCode(value)) : Optional.empty();
    }

    /** The problem with {@code raw} reported on {@code field}, ready for {@code DomainException.invalid}. */
    public static Optional<FieldProblem> validate(String field, String raw) {
        return check(raw).map(problem -> new FieldProblem(field, problem.code()));
    }

    /** The check character of the first 17 characters (which must be from the alphabet). */
    public static char checkCharacter(String first17) {
        if (first17 == null || first17.length() != LENGTH - 1) {
            throw new IllegalArgumentException("expected 17 characters");
        }
        int sum = 0;
        for (int i = 0; i < WEIGHTS.length; i++) {
            int digit = ALPHABET.indexOf(first17.charAt(i));
            if (digit < 0) {
                throw new IllegalArgumentException("not a credit-code character at position " + (i + 1));
            }
            sum += digit * WEIGHTS[i];
        }
        return ALPHABET.charAt((31 - sum % 31) % 31);
    }

    /** The first 17 characters completed with their check character, e.g. for demo data. */
    public static String withCheckCharacter(String first17) {
        return first17 + checkCharacter(first17);
    }

    private static Problem problemOf(String value) {
        if (value.length() != LENGTH) {
            return Problem.LENGTH;
        }
        for (int i = 0; i < LENGTH; i++) {
            if (ALPHABET.indexOf(value.charAt(i)) < 0) {
                return Problem.CHARACTERS;
            }
        }
        for (int i = 2; i < 8; i++) {
            if (value.charAt(i) > '9') {
                return Problem.AREA_CODE;
            }
        }
        if (checkCharacter(value.substring(0, LENGTH - 1)) != value.charAt(LENGTH - 1)) {
            return Problem.CHECK_CHARACTER;
        }
        return null;
    }

    /** The normalised 18-character code. */
    public String value() {
        return value;
    }

    /** Position 1: the registration authority, e.g. 9 for market regulation (工商), 5 for civil affairs. */
    public char registrationAuthority() {
        return value.charAt(0);
    }

    /** Position 2: the organisation type within the registration authority. */
    public char organisationType() {
        return value.charAt(1);
    }

    /** Positions 3-8: the administrative area code of the registering authority. */
    public String areaCode() {
        return value.substring(2, 8);
    }

    /** Positions 9-17: the organisation code (组织机构代码) including its own check character. */
    public String organisationCode() {
        return value.substring(8, 17);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CreditCode that && value.equals(that.value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return value;
    }
}
