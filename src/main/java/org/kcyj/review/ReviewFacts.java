package org.kcyj.review;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.kcyj.shared.BusinessTime;

/**
 * What the review documents read from the review tables, and the few ways they print it (Chinese
 * labels of grades and funding opinions, scores, times).
 */
final class ReviewFacts {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] DIGITS = {"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
    /** Printed where a value is missing. */
    static final String NONE = "—";

    private ReviewFacts() {
    }

    /** One weighted criterion of a review: its name, its weight (the most points it gives) and the points given. */
    record Criterion(String code, String name, BigDecimal weight, BigDecimal score) {
    }

    /** The expert behind a review or a panel seat, from the expert pool (or the user account when not in it). */
    record Expert(String username, String name, String title, String unit, String email) {
    }

    /**
     * One submitted review.
     *
     * @param noConflictDeclaredAt when the expert declared having no conflict with the proposal, if recorded
     */
    record Review(long id, long proposalId, Expert expert, int score, String opinion, Instant submittedAt,
                  List<Criterion> criteria, String grade, String fundingOpinion, Instant noConflictDeclaredAt) {
    }

    /** The aggregated score of one proposal; {@code meanScore} is the score used (trimmed when {@code trimmed}). */
    record Result(long proposalId, int reviewCount, BigDecimal meanScore, BigDecimal rawMean, boolean trimmed,
                  BigDecimal spread, boolean spreadFlag, boolean rejectMajority, Instant computedAt) {
    }

    /** A proposal as the call-wide documents list it. */
    record ProposalLine(long id, String number, String title, String unitName, Long topicId, String topicCode,
                        String topicTitle) {
    }

    record PanelMember(Expert expert, boolean finance, Instant votedAt) {
    }

    record Vote(long proposalId, String expert, String vote, boolean endorsed, String comment) {
    }

    /** The panel's outcome for one proposal; null counts when the panel has not concluded on it. */
    record PanelOutcome(ProposalLine proposal, Integer rankInTopic, Integer votesFor, Integer votesAgainst,
                        Integer abstentions, Integer endorsements, Boolean recommended, String note) {
    }

    record Panel(long id, long callId, long seed, String status, String createdBy, Instant createdAt,
                 Instant concludedAt) {
    }

    /**
     * The criteria of a review from its JSON ({@code [{"code","name","weight","score"}, …]}), in their
     * stored order; empty when the review has none (reviews recorded before weighted criteria).
     */
    static List<Criterion> criteria(String json) {
        if (json == null || json.isBlank()) {
            return List.of();
        }
        JsonNode array;
        try {
            array = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("review criteria are not valid JSON", e);
        }
        if (array == null || !array.isArray()) {
            throw new IllegalStateException("review criteria must be a JSON array");
        }
        List<Criterion> criteria = new ArrayList<>();
        for (JsonNode node : array) {
            String code = node.path("code").asText("");
            String name = node.path("name").asText("");
            criteria.add(new Criterion(code, name.isBlank() ? code : name, decimal(node.get("weight")),
                    decimal(node.get("score"))));
        }
        return List.copyOf(criteria);
    }

    private static BigDecimal decimal(JsonNode node) {
        return node == null || node.isNull() || !(node.isNumber() || node.isTextual()) ? null
                : new BigDecimal(node.asText());
    }

    /** 优先资助 / 可资助 / 不予资助, with the English term. */
    static String fundingOpinion(String code) {
        if (code == null) {
            return NONE;
        }
        return switch (code) {
            case "PRIORITY" -> "优先资助 Priority funding";
            case "FUNDABLE" -> "可资助 Fundable";
            case "NOT_FUNDABLE" -> "不予资助 Not fundable";
            default -> code;
        };
    }

    static String grade(String grade) {
        return grade == null || grade.isBlank() ? NONE : grade;
    }

    /** 赞成 / 反对 / 弃权. */
    static String vote(String vote) {
        if (vote == null) {
            return "未表决";
        }
        return switch (vote) {
            case "FOR" -> "赞成";
            case "AGAINST" -> "反对";
            case "ABSTAIN" -> "弃权";
            default -> vote;
        };
    }

    /** A score as stored (whole points stay whole: 25, 12.5). */
    static String points(BigDecimal value) {
        return value == null ? NONE : value.stripTrailingZeros().toPlainString();
    }

    /** A mean or spread with two decimals: 82.50. */
    static String twoDecimals(BigDecimal value) {
        return value == null ? NONE : value.setScale(2, RoundingMode.HALF_UP).toPlainString();
    }

    /** Beijing time to the minute, marked as such; {@link #NONE} when unknown. */
    static String beijing(Instant instant) {
        return instant == null ? NONE : BusinessTime.display(instant) + "（北京时间）";
    }

    /** The day in Beijing, for signature lines; null when unknown (left blank to fill in). */
    static String day(Instant instant) {
        return instant == null ? null : BusinessTime.display(instant).substring(0, 10);
    }

    static String yesNo(Boolean value) {
        return value == null ? NONE : value ? "是" : "否";
    }

    /** The topic as people name it: "01 高性能稀土永磁材料"; {@link #NONE} for a proposal without one. */
    static String topic(String code, String title) {
        if (code == null && title == null) {
            return NONE;
        }
        return ((code == null ? "" : code + " ") + (title == null ? "" : title)).strip();
    }

    /** Chinese numeral for 1 … 99: 一, 二, … 十, 十一, … 二十, 二十一 … */
    static String chineseNumber(int n) {
        if (n < 1 || n > 99) {
            return String.valueOf(n);
        }
        if (n < 10) {
            return DIGITS[n];
        }
        int tens = n / 10;
        int ones = n % 10;
        return (tens == 1 ? "" : DIGITS[tens]) + "十" + (ones == 0 ? "" : DIGITS[ones]);
    }
}
