package org.kcyj.shared;

import org.kcyj.shared.ResidentIdNumber;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.Year;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Identity numbers built from random parts always parse back to those parts, and MOD 11-2 catches
 * every single-character substitution and every adjacent transposition. Each property runs jqwik's
 * default 1,000 tries; the corruption properties try every substitution and transposition of each
 * generated number (about 200 per try) against the whole check, and the exhaustive example proves the
 * checksum part for all numbers.
 */
class ResidentIdNumberProperties {

    private static final LocalDate TODAY = LocalDate.of(2026, 3, 15);
    private static final String CHARACTERS = "0123456789X";

    record Parts(String area, LocalDate birth, int sequence) {
        String first17() {
            return area + birth.toString().replace("-", "") + String.format("%03d", sequence);
        }

        String number() {
            return ResidentIdNumber.withCheckDigit(first17());
        }
    }

    @Property
    void aNumberBuiltFromValidPartsParsesBackToThem(@ForAll("parts") Parts parts) {
        ResidentIdNumber id = ResidentIdNumber.parse(parts.number(), TODAY).orElseThrow();

        assertThat(id.value()).isEqualTo(parts.number());
        assertThat(id.areaCode()).isEqualTo(parts.area());
        assertThat(id.birthDate()).isEqualTo(parts.birth());
        assertThat(id.gender()).isEqualTo(parts.sequence() % 2 == 1
                ? ResidentIdNumber.Gender.MALE : ResidentIdNumber.Gender.FEMALE);
        assertThat(id.masked()).startsWith(parts.area().substring(0, 4)).endsWith(parts.number().substring(14))
                .contains("**********");
        assertThat(ResidentIdNumber.parse(parts.number().toLowerCase(), TODAY)).contains(id);
    }

    @Property
    void everySingleSubstitutionIsRejected(@ForAll("parts") Parts parts) {
        String valid = parts.number();
        for (int position = 0; position < valid.length(); position++) {
            for (char replacement : CHARACTERS.toCharArray()) {
                if (replacement == valid.charAt(position)) {
                    continue;
                }
                String corrupted = replace(valid, position, replacement);
                assertThat(ResidentIdNumber.check(corrupted, TODAY)).as(corrupted).isPresent();
                if (hasValidFormat(corrupted)) {
                    assertThat(checksumHolds(corrupted)).as("MOD 11-2 alone rejects %s", corrupted).isFalse();
                }
            }
        }
    }

    @Property
    void everyAdjacentTranspositionIsRejected(@ForAll("parts") Parts parts) {
        String valid = parts.number();
        for (int position = 0; position < valid.length() - 1; position++) {
            if (valid.charAt(position) == valid.charAt(position + 1)) {
                continue;
            }
            String corrupted = swap(valid, position);
            assertThat(ResidentIdNumber.check(corrupted, TODAY)).as(corrupted).isPresent();
            if (hasValidFormat(corrupted)) {
                assertThat(checksumHolds(corrupted)).as("MOD 11-2 alone rejects %s", corrupted).isFalse();
            }
        }
    }

    /**
     * The check is a weighted sum mod 11, so a substitution or transposition changes the sum by an
     * amount that depends only on the position and the characters involved, never on the rest of the
     * number. Trying every (position, old, new) combination once therefore covers every number.
     */
    @Example
    void everySubstitutionAndTranspositionAtEveryPositionChangesTheChecksum() {
        String base = "33020319900101000";
        for (int position = 0; position < 17; position++) {
            for (char a = '0'; a <= '9'; a++) {
                String valid = ResidentIdNumber.withCheckDigit(replace(base, position, a));
                for (char b = '0'; b <= '9'; b++) {
                    if (b != a) {
                        assertThat(checksumHolds(replace(valid, position, b))).isFalse();
                    }
                }
                if (position < 16) {
                    for (char b = '0'; b <= '9'; b++) {
                        if (b != a) {
                            String pair = ResidentIdNumber.withCheckDigit(replace(replace(base, position, a), position + 1, b));
                            assertThat(checksumHolds(swap(pair, position))).isFalse();
                        }
                    }
                }
            }
        }
        // the check character: every value it can take, replaced by every other one or swapped with its neighbour
        for (char d15 = '0'; d15 <= '9'; d15++) {
            for (char d16 = '0'; d16 <= '9'; d16++) {
                String valid = ResidentIdNumber.withCheckDigit(replace(replace(base, 15, d15), 16, d16));
                for (char other : CHARACTERS.toCharArray()) {
                    if (other != valid.charAt(17)) {
                        assertThat(checksumHolds(replace(valid, 17, other))).isFalse();
                    }
                }
                String swapped = swap(valid, 16);
                if (valid.charAt(16) != valid.charAt(17) && hasValidFormat(swapped)) {
                    assertThat(checksumHolds(swapped)).isFalse();
                }
            }
        }
    }

    @Property
    void ageIsTheNumberOfBirthdaysPassedCountingTheFirstOfMarchForLeapDayBirthdays(
            @ForAll("parts") Parts parts, @ForAll("daysAfterBirth") int daysAfter) {
        ResidentIdNumber id = ResidentIdNumber.parse(parts.number(), TODAY).orElseThrow();
        LocalDate day = parts.birth().plusDays(daysAfter);

        int birthdaysPassed = 0;
        while (!birthday(parts.birth(), parts.birth().getYear() + birthdaysPassed + 1).isAfter(day)) {
            birthdaysPassed++;
        }
        assertThat(id.ageOn(day)).isEqualTo(birthdaysPassed);
    }

    /** The birthday celebrated in {@code year}: 1 March for a leap-day birth in a common year. */
    private static LocalDate birthday(LocalDate birth, int year) {
        if (birth.getMonthValue() == 2 && birth.getDayOfMonth() == 29 && !Year.isLeap(year)) {
            return LocalDate.of(year, 3, 1);
        }
        return birth.withYear(year);
    }

    @Provide
    Arbitrary<Parts> parts() {
        Arbitrary<String> area = Arbitraries.strings().numeric().ofLength(6);
        long days = TODAY.toEpochDay() - ResidentIdNumber.EARLIEST_BIRTH_DATE.toEpochDay();
        Arbitrary<LocalDate> birth = Arbitraries.longs().between(0, days)
                .map(ResidentIdNumber.EARLIEST_BIRTH_DATE::plusDays)
                .edgeCases(c -> c.add(ResidentIdNumber.EARLIEST_BIRTH_DATE, TODAY, LocalDate.of(2000, 2, 29)));
        Arbitrary<Integer> sequence = Arbitraries.integers().between(0, 999);
        return Combinators.combine(area, birth, sequence).as(Parts::new);
    }

    @Provide
    Arbitrary<Integer> daysAfterBirth() {
        return Arbitraries.integers().between(0, 40_000);
    }

    private static boolean hasValidFormat(String id) {
        return id.substring(0, 17).chars().allMatch(Character::isDigit)
                && CHARACTERS.indexOf(id.charAt(17)) >= 0;
    }

    private static boolean checksumHolds(String id) {
        return ResidentIdNumber.checkDigit(id.substring(0, 17)) == id.charAt(17);
    }

    static String replace(String s, int position, char c) {
        return s.substring(0, position) + c + s.substring(position + 1);
    }

    static String swap(String s, int position) {
        return s.substring(0, position) + s.charAt(position + 1) + s.charAt(position) + s.substring(position + 2);
    }
}
