package org.kcyj.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;

import org.junit.jupiter.api.Test;
import org.kcyj.shared.ResidentIdNumber.Gender;
import org.kcyj.shared.ResidentIdNumber.Problem;

class ResidentIdNumberTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 3, 15);

    @Test
    void theWellKnownSampleNumberIsValid() {
        ResidentIdNumber id = ResidentIdNumber.parse("11010519491231002X", TODAY).orElseThrow();

        assertThat(id.value()).isEqualTo("11010519491231002X");
        assertThat(id.areaCode()).isEqualTo("110105");
        assertThat(id.birthDate()).isEqualTo(LocalDate.of(1949, 12, 31));
        assertThat(id.sequence()).isEqualTo("002");
        assertThat(id.gender()).isEqualTo(Gender.FEMALE);
        assertThat(id.ageOn(TODAY)).isEqualTo(76);
    }

    @Test
    void anOddSequenceIsAMan() {
        String id = ResidentIdNumber.withCheckDigit("33020319880611003");
        assertThat(ResidentIdNumber.parse(id, TODAY).orElseThrow().gender()).isEqualTo(Gender.MALE);
    }

    @Test
    void lowerCaseXFullWidthDigitsAndSurroundingSpacesAreNormalised() {
        assertThat(ResidentIdNumber.parse(" 11010519491231002x ", TODAY).orElseThrow().value())
                .isEqualTo("11010519491231002X");
        assertThat(ResidentIdNumber.parse("１１０１０５１９４９１２３１００２Ｘ", TODAY).orElseThrow().value())
                .isEqualTo("11010519491231002X");
    }

    @Test
    void eachKindOfMistakeHasItsOwnProblem() {
        assertThat(ResidentIdNumber.check(null, TODAY)).contains(Problem.LENGTH);
        assertThat(ResidentIdNumber.check("", TODAY)).contains(Problem.LENGTH);
        assertThat(ResidentIdNumber.check("1101051949123100", TODAY)).contains(Problem.LENGTH);
        assertThat(ResidentIdNumber.check("11010519491231002XX", TODAY)).contains(Problem.LENGTH);
        assertThat(ResidentIdNumber.check("11010519491231002Y", TODAY)).contains(Problem.CHARACTERS);
        assertThat(ResidentIdNumber.check("1101051949123100X2", TODAY)).contains(Problem.CHARACTERS);
        assertThat(ResidentIdNumber.check("110105194912310021", TODAY)).contains(Problem.CHECK_DIGIT);
    }

    @Test
    void theBirthDateMustExistAndLieBetween1900AndToday() {
        assertThat(ResidentIdNumber.check(ResidentIdNumber.withCheckDigit("11010519490230002"), TODAY))
                .contains(Problem.BIRTH_DATE);
        assertThat(ResidentIdNumber.check(ResidentIdNumber.withCheckDigit("11010519491301002"), TODAY))
                .contains(Problem.BIRTH_DATE);
        assertThat(ResidentIdNumber.check(ResidentIdNumber.withCheckDigit("11010518991231002"), TODAY))
                .contains(Problem.BIRTH_DATE);
        assertThat(ResidentIdNumber.check(ResidentIdNumber.withCheckDigit("11010519000101002"), TODAY)).isEmpty();
        assertThat(ResidentIdNumber.check(ResidentIdNumber.withCheckDigit("11010520260316002"), TODAY))
                .contains(Problem.BIRTH_DATE);
        assertThat(ResidentIdNumber.check(ResidentIdNumber.withCheckDigit("11010520260315002"), TODAY)).isEmpty();
        assertThat(ResidentIdNumber.check(ResidentIdNumber.withCheckDigit("11010520000229002"), TODAY)).isEmpty();
        assertThat(ResidentIdNumber.check(ResidentIdNumber.withCheckDigit("11010519000229002"), TODAY))
                .as("1900 was not a leap year").contains(Problem.BIRTH_DATE);
    }

    @Test
    void ageCountsCompletedYears() {
        ResidentIdNumber id = ResidentIdNumber.parse(ResidentIdNumber.withCheckDigit("33020319900615002"), TODAY)
                .orElseThrow();
        assertThat(id.ageOn(LocalDate.of(2025, 6, 14))).isEqualTo(34);
        assertThat(id.ageOn(LocalDate.of(2025, 6, 15))).isEqualTo(35);
        assertThat(id.ageOn(LocalDate.of(1990, 6, 15))).isZero();
        assertThatThrownBy(() -> id.ageOn(LocalDate.of(1990, 6, 14))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void someoneBornOnTheTwentyNinthOfFebruaryTurnsOlderOnTheFirstOfMarchInCommonYears() {
        ResidentIdNumber id = ResidentIdNumber.parse(ResidentIdNumber.withCheckDigit("33020320000229002"), TODAY)
                .orElseThrow();
        assertThat(id.ageOn(LocalDate.of(2001, 2, 28))).isZero();
        assertThat(id.ageOn(LocalDate.of(2001, 3, 1))).isEqualTo(1);
        assertThat(id.ageOn(LocalDate.of(2004, 2, 28))).isEqualTo(3);
        assertThat(id.ageOn(LocalDate.of(2004, 2, 29))).isEqualTo(4);
    }

    @Test
    void displaysAndLogsShowOnlyTheFirstAndLastFourCharacters() {
        ResidentIdNumber id = ResidentIdNumber.parse("11010519491231002X", TODAY).orElseThrow();
        assertThat(id.masked()).isEqualTo("1101**********002X");
        assertThat(id.toString()).isEqualTo(id.masked());
    }

    @Test
    void theCheckDigitFollowsIso7064Mod112() {
        assertThat(ResidentIdNumber.checkDigit("11010519491231002")).isEqualTo('X');
        assertThat(ResidentIdNumber.withCheckDigit("44030419800101000")).hasSize(18);
        assertThatThrownBy(() -> ResidentIdNumber.checkDigit("1101051949123100X"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ResidentIdNumber.checkDigit("110105")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aFieldProblemNamesTheFieldAndTheProblemsCode() {
        assertThat(ResidentIdNumber.validate("team[2].idNumber", "110105194912310021", TODAY))
                .hasValueSatisfying(p -> {
                    assertThat(p.field()).isEqualTo("team[2].idNumber");
                    assertThat(p.code()).isEqualTo("rules.id-number.check-digit");
                });
        assertThat(ResidentIdNumber.validate("pi.idNumber", "11010519491231002X", TODAY)).isEmpty();
    }

    @Test
    void equalNumbersAreEqualWhateverTheirSpelling() {
        ResidentIdNumber lower = ResidentIdNumber.parse("11010519491231002x", TODAY).orElseThrow();
        ResidentIdNumber upper = ResidentIdNumber.parse("11010519491231002X", TODAY).orElseThrow();
        assertThat(lower).isEqualTo(upper).hasSameHashCodeAs(upper);
    }
}
