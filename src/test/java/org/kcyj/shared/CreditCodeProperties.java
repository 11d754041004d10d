package org.kcyj.shared;

import org.kcyj.shared.CreditCode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.kcyj.shared.ResidentIdNumberProperties.replace;
import static org.kcyj.shared.ResidentIdNumberProperties.swap;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Codes built from random parts always parse back to them, and the MOD 31 check character catches every
 * single-character substitution and every adjacent transposition (31 is prime and no weight is 0 mod
 * 31). Each property runs jqwik's default 1,000 tries; the corruption properties try every one of the
 * 18 x 30 substitutions and 17 transpositions of each generated code, and the exhaustive example proves
 * it for all codes.
 */
class CreditCodeProperties {

    record Parts(char authority, char type, String area, String organisation) {
        String code() {
            return CreditCode.withCheckCharacter("" + authority + type + area + organisation);
        }
    }

    @Property
    void aCodeBuiltFromValidPartsParsesBackToThem(@ForAll("parts") Parts parts) {
        CreditCode code = CreditCode.parse(parts.code()).orElseThrow();

        assertThat(code.registrationAuthority()).isEqualTo(parts.authority());
        assertThat(code.organisationType()).isEqualTo(parts.type());
        assertThat(code.areaCode()).isEqualTo(parts.area());
        assertThat(code.organisationCode()).isEqualTo(parts.organisation());
        assertThat(CreditCode.parse(parts.code().toLowerCase())).contains(code);
    }

    @Property
    void everySingleSubstitutionIsRejectedByTheCheckCharacterAlone(@ForAll("parts") Parts parts) {
        String valid = parts.code();
        for (int position = 0; position < valid.length(); position++) {
            for (char replacement : CreditCode.ALPHABET.toCharArray()) {
                if (replacement == valid.charAt(position)) {
                    continue;
                }
                String corrupted = replace(valid, position, replacement);
                assertThat(CreditCode.check(corrupted)).as(corrupted).isPresent();
                assertThat(checksumHolds(corrupted)).as("MOD 31 alone rejects %s", corrupted).isFalse();
            }
        }
    }

    @Property
    void everyAdjacentTranspositionIsRejectedByTheCheckCharacterAlone(@ForAll("parts") Parts parts) {
        String valid = parts.code();
        for (int position = 0; position < valid.length() - 1; position++) {
            if (valid.charAt(position) == valid.charAt(position + 1)) {
                continue;
            }
            String corrupted = swap(valid, position);
            assertThat(CreditCode.check(corrupted)).as(corrupted).isPresent();
            assertThat(checksumHolds(corrupted)).as("MOD 31 alone rejects %s", corrupted).isFalse();
        }
    }

    /**
     * The check is a weighted sum mod 31, so a corruption changes it by an amount that depends only on
     * the position and the characters involved: trying every (position, old, new) combination once
     * covers every code.
     */
    @Example
    void everySubstitutionAndTranspositionAtEveryPositionChangesTheChecksum() {
        String base = "91330200MA2AAAAA1";
        char[] alphabet = CreditCode.ALPHABET.toCharArray();
        for (int position = 0; position < 17; position++) {
            for (char a : alphabet) {
                String withA = replace(base, position, a);
                String valid = CreditCode.withCheckCharacter(withA);
                for (char b : alphabet) {
                    if (b == a) {
                        continue;
                    }
                    assertThat(checksumHolds(replace(valid, position, b))).isFalse();
                    if (position < 16) {
                        String pair = CreditCode.withCheckCharacter(replace(withA, position + 1, b));
                        assertThat(checksumHolds(swap(pair, position))).isFalse();
                    }
                }
            }
        }
        // the check character: every value it can take, replaced by every other one or swapped with its neighbour
        for (char last : alphabet) {
            String valid = CreditCode.withCheckCharacter(replace(base, 16, last));
            for (char other : alphabet) {
                if (other != valid.charAt(17)) {
                    assertThat(checksumHolds(replace(valid, 17, other))).isFalse();
                }
            }
            if (valid.charAt(16) != valid.charAt(17)) {
                assertThat(checksumHolds(swap(valid, 16))).isFalse();
            }
        }
    }

    @Provide
    Arbitrary<Parts> parts() {
        Arbitrary<Character> alphabet = Arbitraries.of(CreditCode.ALPHABET.toCharArray());
        Arbitrary<String> area = Arbitraries.strings().numeric().ofLength(6);
        Arbitrary<String> organisation = Arbitraries.strings().withChars(CreditCode.ALPHABET.toCharArray()).ofLength(9);
        return Combinators.combine(alphabet, alphabet, area, organisation).as(Parts::new);
    }

    private static boolean checksumHolds(String code) {
        return CreditCode.checkCharacter(code.substring(0, 17)) == code.charAt(17);
    }
}
