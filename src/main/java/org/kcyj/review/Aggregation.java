package org.kcyj.review;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * How the written reviews of one proposal become one score (docs/programme-rules.md, "Peer review"): the mean, or with
 * at least {@code trimFrom} scores the mean without the highest and the lowest; the spread (highest minus
 * lowest) flags the proposal for panel discussion when it exceeds {@code spreadFlag}; and a majority of
 * "不予资助" opinions marks it as non-consensus (it reaches the panel only if panel experts sign for it).
 */
final class Aggregation {

    /** {@code insufficient}: fewer scores than the programme's N (slots dropped for want of experts). */
    public record Outcome(int count, BigDecimal rawMean, BigDecimal score, boolean trimmed, BigDecimal spread,
                          boolean spreadFlag, boolean rejectMajority, boolean insufficient) {
    }

    private Aggregation() {
    }

    public static Outcome of(List<Integer> scores, long notFundable, int trimFrom, BigDecimal spreadFlag) {
        return of(scores, notFundable, trimFrom, spreadFlag, 0);
    }

    public static Outcome of(List<Integer> scores, long notFundable, int trimFrom, BigDecimal spreadFlag, int required) {
        if (scores.isEmpty()) {
            return new Outcome(0, BigDecimal.ZERO.setScale(2), BigDecimal.ZERO.setScale(2), false,
                    BigDecimal.ZERO.setScale(2), false, false, required > 0);
        }
        List<Integer> sorted = new ArrayList<>(scores);
        Collections.sort(sorted);
        BigDecimal raw = mean(sorted);
        boolean trimmed = sorted.size() >= Math.max(3, trimFrom);
        BigDecimal score = trimmed ? mean(sorted.subList(1, sorted.size() - 1)) : raw;
        BigDecimal spread = BigDecimal.valueOf(sorted.get(sorted.size() - 1) - sorted.get(0)).setScale(2);
        return new Outcome(sorted.size(), raw, score, trimmed, spread, spread.compareTo(spreadFlag) > 0,
                notFundable * 2 > sorted.size(), sorted.size() < required);
    }

    private static BigDecimal mean(List<Integer> scores) {
        long sum = scores.stream().mapToLong(Integer::longValue).sum();
        return BigDecimal.valueOf(sum).divide(BigDecimal.valueOf(scores.size()), 2, RoundingMode.HALF_UP);
    }
}
