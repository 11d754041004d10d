package org.kcyj.shared;

import java.text.Normalizer;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.MonthDay;
import java.util.Objects;
import java.util.Optional;

import org.kcyj.shared.FieldProblem;

/**
 * A citizen identity number (居民身份证号码) as defined by GB 11643-1999: a 6-digit area code, the
 * birth date as yyyyMMdd, a 3-digit sequence whose last digit is odd for men and even for women, and a
 * check character computed with ISO 7064 MOD 11-2 (value 10 is written {@code X}).
 *
 * <p>Input is normalised before checking: NFKC (so full-width digits typed with a Chinese input method
 * count), surrounding whitespace removed and {@code x} upper-cased. The area code is only required to be
 * digits: codes change over time, and residence permits for Hong Kong, Macao and Taiwan residents and the
 * 2023 foreign permanent resident card use the same format with codes outside the mainland list.
 *
 * <p>{@link #toString()} gives the masked form, so a number never ends up whole in a log line.
 */
public final class ResidentIdNumber {

    /** Why a value is not a valid identity number; each reason has a message-bundle code. */
    public enum Problem {
        LENGTH("rules.id-number.length"),
        CHARACTERS("rules.id-number.characters"),
        BIRTH_DATE("rules.id-number.birth-date"),
        CHECK_DIGIT("rules.id-number.check-digit");

        private final String code;

        Problem(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    public enum Gender { MALE, FEMALE }

    public static final int LENGTH = 18;
    /** Birth dates before this day are refused as typing errors. */
    public static final LocalDate EARLIEST_BIRTH_DATE = LocalDate.of(1900, 1, 1);

    private static final int[] WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    private static final String CHECK_CHARACTERS = "10X98765432";

    private final String value;
    private final LocalDate birthDate;

    private ResidentIdNumber(String value, LocalDate birthDate) {
        this.value = value;
        this.birthDate = birthDate;
    }

    /** The number as it is checked and stored: NFKC, stripped, with an upper-case X. Null gives "". */
    public static String normalise(String raw) {
        if (raw == null) {
            return "";
        }
        return Normalizer.normalize(raw, Normalizer.Form.NFKC).strip().replace('x', 'X');
    }

    /**
     * The first reason why {@code raw} is not a valid number, checked in the order length, characters,
     * birth date, check digit; empty when it is valid.
     *
     * @param today the current day in Beijing time; birth dates after it are refused
     */
    public static Optional<Problem> check(String raw, LocalDate today) {
        return Optional.ofNullable(problemOf(normalise(raw), today));
    }

    /** The parsed number, or empty when {@link #check} finds a problem. */
    public static Optional<ResidentIdNumber> parse(String raw, LocalDate today) {
        String value = normalise(raw);
        if (problemOf(value, today) != null) {
            return Optional.empty();
        }
        return Optional.of(new ResidentIdNumber(value, birthDateIn(value)));
    }

    /** The problem with {@code raw} reported on {@code field}, ready for {@code DomainException.invalid}. */
    public static Optional<FieldProblem> validate(String field, String raw, LocalDate today) {
        return check(raw, today).map(problem -> new FieldProblem(field, problem.code()));
    }

    /** The check character of the first 17 digits. */
    public static char checkDigit(String first17) {
        if (first17 == null || first17.length() != LENGTH - 1 || !allDigits(first17, LENGTH - 1)) {
            throw new IllegalArgumentException("expected 17 digits");
        }
        int sum = 0;
        for (int i = 0; i < WEIGHTS.length; i++) {
            sum += (first17.charAt(i) - '0') * WEIGHTS[i];
        }
        return CHECK_CHARACTERS.charAt(sum % 11);
    }

    /** The first 17 digits completed with their check character, e.g. for demo data. */
    public static String withCheckDigit(String first17) {
        return first17 + checkDigit(first17);
    }

    private static Problem problemOf(String value, LocalDate today) {
        if (value.length() != LENGTH) {
            return Problem.LENGTH;
        }
        char last = value.charAt(LENGTH - 1);
        if (!allDigits(value, LENGTH - 1) || !(isDigit(last) || last == 'X')) {
            return Problem.CHARACTERS;
        }
        LocalDate birth = birthDateIn(value);
        if (birth == null || birth.isBefore(EARLIEST_BIRTH_DATE) || birth.isAfter(today)) {
            return Problem.BIRTH_DATE;
        }
        if (checkDigit(value.substring(0, LENGTH - 1)) != last) {
            return Problem.CHECK_DIGIT;
        }
        return null;
    }

    private static LocalDate birthDateIn(String value) {
        try {
            return LocalDate.of(Integer.parseInt(value.substring(6, 10)), Integer.parseInt(value.substring(10, 12)),
                    Integer.parseInt(value.substring(12, 14)));
        } catch (DateTimeException e) {
            return null;
        }
    }

    private static boolean allDigits(String s, int count) {
        for (int i = 0; i < count; i++) {
            if (!isDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** The normalised 18-character number. */
    public String value() {
        return value;
    }

    /** The 6-digit administrative area code of the place of first registration. */
    public String areaCode() {
        return value.substring(0, 6);
    }

    public LocalDate birthDate() {
        return birthDate;
    }

    /** The 3-digit sequence number (positions 15-17). */
    public String sequence() {
        return value.substring(14, 17);
    }

    public Gender gender() {
        return (value.charAt(16) - '0') % 2 == 1 ? Gender.MALE : Gender.FEMALE;
    }

    /**
     * Age in completed years on {@code day}. Our choice for someone born on 29 February: in common
     * years they become a year older on 1 March, never on 28 February, so an age limit is never
     * crossed a day early.
     */
    public int ageOn(LocalDate day) {
        if (day.isBefore(birthDate)) {
            throw new IllegalArgumentException("day " + day + " is before the birth date");
        }
        int age = day.getYear() - birthDate.getYear();
        if (MonthDay.from(day).isBefore(MonthDay.from(birthDate))) {
            age--;
        }
        return age;
    }

    /** For display: the first 4 and last 4 characters, the rest as asterisks (3302**********123X). */
    public String masked() {
        return value.substring(0, 4) + "*".repeat(LENGTH - 8) + value.substring(LENGTH - 4);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ResidentIdNumber that && value.equals(that.value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(value);
    }

    @Override
    public String toString() {
        return masked();
    }
}
