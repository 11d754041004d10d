package org.kcyj.review;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.kcyj.programme.ProgrammeParameters;

/** The review criteria parameter: what it accepts, how it is normalised, and how the stage reads it. */
class ReviewCriteriaTest {
    private final org.kcyj.programme.Parameter criteria =
            ProgrammeParameters.definition(ProgrammeParameters.REVIEW_CRITERIA).orElseThrow();

    @Test
    void theDefaultIsRulesMdsSplit() {
        assertThat(ReviewRules.criteria(criteria.defaultValue())).containsExactly(
                new ReviewRules.Criterion("创新性", 30), new ReviewRules.Criterion("可行性与研究基础", 25),
                new ReviewRules.Criterion("预期效益与产业化", 25), new ReviewRules.Criterion("团队", 10),
                new ReviewRules.Criterion("经费合理性", 10));
    }

    @Test
    void fullWidthPunctuationAndSpacesAreNormalised() {
        assertThat(criteria.normalise(" 创新性：40， 可行性 : 60 ")).contains("创新性:40,可行性:60");
    }

    @ParameterizedTest
    @ValueSource(strings = {"创新性:50,可行性:40", "创新性:50,创新性:50", "创新性:0,可行性:100", "创新性:50.5,可行性:49.5",
            ":100", "创新性", "a:10,b:10,c:10,d:10,e:10,f:10,g:10,h:10,i:5,j:5,k:0"})
    void malformedListsAreRefused(String value) {
        assertThat(criteria.normalise(value)).isEmpty();
    }
}
