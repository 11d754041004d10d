package org.kcyj.review;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.List;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** The aggregation rules of docs/programme-rules.md, "Peer review", over generated scores. */
class AggregationProperties {

    @Property
    void theScoreLiesBetweenTheLowestAndTheHighest(@ForAll @Size(min = 1, max = 15) List<@IntRange(max = 100) Integer> scores,
                                                   @ForAll @IntRange(min = 3, max = 9) int trimFrom) {
        Aggregation.Outcome outcome = Aggregation.of(scores, 0, trimFrom, BigDecimal.valueOf(20));
        assertThat(outcome.score()).isBetween(BigDecimal.valueOf(Collections.min(scores)), BigDecimal.valueOf(Collections.max(scores)));
        assertThat(outcome.rawMean()).isBetween(BigDecimal.valueOf(Collections.min(scores)), BigDecimal.valueOf(Collections.max(scores)));
        assertThat(outcome.count()).isEqualTo(scores.size());
        assertThat(outcome.trimmed()).isEqualTo(scores.size() >= trimFrom);
    }

    @Property
    void trimmingIgnoresOneExtremeOnEachSide(@ForAll @Size(min = 5, max = 15) List<@IntRange(min = 40, max = 60) Integer> scores,
                                             @ForAll @IntRange(max = 39) int low, @ForAll @IntRange(min = 61, max = 100) int high) {
        List<Integer> withOutliers = new java.util.ArrayList<>(scores);
        Aggregation.Outcome plain = Aggregation.of(withOutliers, 0, 5, BigDecimal.TEN);
        withOutliers.add(low);
        withOutliers.add(high);
        Aggregation.Outcome trimmed = Aggregation.of(withOutliers, 0, 5, BigDecimal.TEN);
        assertThat(trimmed.score()).isEqualByComparingTo(plain.rawMean());
        assertThat(trimmed.spread()).isEqualByComparingTo(BigDecimal.valueOf(high - low));
    }

    @Property
    void theSpreadFlagsExactlyWhenAboveTheThreshold(@ForAll @Size(min = 1, max = 10) List<@IntRange(max = 100) Integer> scores,
                                                    @ForAll @IntRange(max = 100) int threshold) {
        Aggregation.Outcome outcome = Aggregation.of(scores, 0, 5, BigDecimal.valueOf(threshold));
        assertThat(outcome.spreadFlag()).isEqualTo(Collections.max(scores) - Collections.min(scores) > threshold);
    }

    @Property
    void mostNotFundableMarksNonConsensus(@ForAll @IntRange(min = 1, max = 15) int reviews, @ForAll @IntRange(max = 15) int notFundable) {
        int n = Math.min(notFundable, reviews);
        Aggregation.Outcome outcome = Aggregation.of(Collections.nCopies(reviews, 70), n, 5, BigDecimal.TEN);
        assertThat(outcome.rejectMajority()).isEqualTo(2 * n > reviews);
    }

    @Test
    void fiveScoresDropTheHighestAndLowest() {
        Aggregation.Outcome outcome = Aggregation.of(List.of(90, 60, 80, 85, 70), 1, 5, BigDecimal.valueOf(20));
        assertThat(outcome.rawMean()).isEqualByComparingTo("77.00");
        assertThat(outcome.score()).isEqualByComparingTo("78.33");
        assertThat(outcome.trimmed()).isTrue();
        assertThat(outcome.spread()).isEqualByComparingTo("30");
        assertThat(outcome.spreadFlag()).isTrue();
        assertThat(outcome.rejectMajority()).isFalse();
    }

    @Test
    void fewerScoresThanTheProgrammesNAreFlagged() {
        assertThat(Aggregation.of(List.of(80, 90), 0, 5, BigDecimal.TEN, 3).insufficient()).isTrue();
        assertThat(Aggregation.of(List.of(80, 90, 85), 0, 5, BigDecimal.TEN, 3).insufficient()).isFalse();
        assertThat(Aggregation.of(List.of(), 0, 5, BigDecimal.TEN, 3).insufficient()).isTrue();
    }

    @Test
    void noScoresGiveAnEmptyOutcome() {
        Aggregation.Outcome outcome = Aggregation.of(List.of(), 0, 5, BigDecimal.TEN);
        assertThat(outcome.count()).isZero();
        assertThat(outcome.spreadFlag()).isFalse();
    }
}
