package org.kcyj.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.kcyj.shared.CreditCode.Problem;

class CreditCodeTest {

    @Test
    void publishedCodesOfRealOrganisationsAreValid() {
        // the example of GB 32100-2015, and two well-known companies from Shenzhen
        assertThat(CreditCode.check("91350100M000100Y43")).isEmpty();
        assertThat(CreditCode.check("9144030071526726XG")).isEmpty();
        assertThat(CreditCode.check("914403001922038216")).isEmpty();
    }

    @Test
    void thePartsAreReadFromTheirPositions() {
        CreditCode code = CreditCode.parse("91350100M000100Y43").orElseThrow();

        assertThat(code.registrationAuthority()).isEqualTo('9');
        assertThat(code.organisationType()).isEqualTo('1');
        assertThat(code.areaCode()).isEqualTo("350100");
        assertThat(code.organisationCode()).isEqualTo("M000100Y4");
        assertThat(code.value()).isEqualTo(code.toString()).isEqualTo("91350100M000100Y43");
    }

    @Test
    void lowerCaseFullWidthAndSurroundingSpacesAreNormalised() {
        assertThat(CreditCode.parse(" 9144030071526726xg\t").orElseThrow().value()).isEqualTo("9144030071526726XG");
        assertThat(CreditCode.parse("９１３５０１００Ｍ０００１００Ｙ４３")).contains(CreditCode.parse("91350100M000100Y43").orElseThrow());
    }

    @Test
    void eachKindOfMistakeHasItsOwnProblem() {
        assertThat(CreditCode.check(null)).contains(Problem.LENGTH);
        assertThat(CreditCode.check("91350100M000100Y4")).contains(Problem.LENGTH);
        assertThat(CreditCode.check("91350100M000100Y43 0")).contains(Problem.LENGTH);
        assertThat(CreditCode.check("91350100M000100I43")).as("I is not in the alphabet").contains(Problem.CHARACTERS);
        assertThat(CreditCode.check("91350100M000100S43")).as("S is not in the alphabet").contains(Problem.CHARACTERS);
        assertThat(CreditCode.check("913501A0M000100Y43")).contains(Problem.AREA_CODE);
        assertThat(CreditCode.check("91350100M000100Y44")).contains(Problem.CHECK_CHARACTER);
    }

    @Test
    void aRemainderOfZeroGivesTheCheckCharacterZero() {
        String first17 = "91330200MA2AAAAA1";
        char check = CreditCode.checkCharacter(first17);
        assertThat(CreditCode.check(first17 + check)).isEmpty();
        // find a code whose weighted sum is divisible by 31 and check it gets '0', not an out-of-range 31
        String zero = null;
        for (char c : CreditCode.ALPHABET.toCharArray()) {
            String candidate = "91330200MA2AAAAA" + c;
            if (CreditCode.checkCharacter(candidate) == '0') {
                zero = candidate + '0';
            }
        }
        assertThat(zero).isNotNull();
        assertThat(CreditCode.check(zero)).isEmpty();
    }

    @Test
    void theCheckCharacterNeedsSeventeenCharactersOfTheAlphabet() {
        assertThatThrownBy(() -> CreditCode.checkCharacter("91350100M000100Y")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CreditCode.checkCharacter("91350100M000100O4")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aFieldProblemNamesTheFieldAndTheProblemsCode() {
        assertThat(CreditCode.validate("unit.creditCode", "91350100M000100Y44"))
                .hasValueSatisfying(p -> {
                    assertThat(p.field()).isEqualTo("unit.creditCode");
                    assertThat(p.code()).isEqualTo("rules.credit-code.check-character");
                });
    }
}
