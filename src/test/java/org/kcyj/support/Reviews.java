package org.kcyj.support;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Review bodies for tests, on the default criteria of docs/programme-rules.md "Peer review" (创新性 30, 可行性与研究基础 25, ...). */
public final class Reviews {
    public static final Map<String, Integer> CRITERIA = criteria();
    /** An opinion long enough for the default minimum of 200 characters. */
    public static final String OPINION = "该项目选题紧扣产业需求，技术路线清晰可行，研究基础扎实，团队结构合理，预期指标明确且可考核。"
            .repeat(6);

    private Reviews() {
    }

    private static Map<String, Integer> criteria() {
        Map<String, Integer> criteria = new LinkedHashMap<>();
        criteria.put("创新性", 30);
        criteria.put("可行性与研究基础", 25);
        criteria.put("预期效益与产业化", 25);
        criteria.put("团队", 10);
        criteria.put("经费合理性", 10);
        return criteria;
    }

    /**
     * A complete review whose criteria add up to {@code total} (0-100): each criterion gets its share of the
     * total, rounded down, and the remainder goes to the first criteria with room left.
     */
    public static Map<String, Object> body(int total, String fundingOpinion) {
        Map<String, Integer> scores = new LinkedHashMap<>();
        int given = 0;
        for (Map.Entry<String, Integer> c : CRITERIA.entrySet()) {
            int score = c.getValue() * total / 100;
            scores.put(c.getKey(), score);
            given += score;
        }
        for (Map.Entry<String, Integer> c : CRITERIA.entrySet()) {
            int room = Math.min(c.getValue() - scores.get(c.getKey()), total - given);
            scores.merge(c.getKey(), room, Integer::sum);
            given += room;
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        scores.forEach((name, score) -> rows.add(Map.of("criterion", name, "score", score)));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("criteria", rows);
        body.put("grade", total >= 85 ? "A" : total >= 70 ? "B" : total >= 60 ? "C" : "D");
        body.put("fundingOpinion", fundingOpinion);
        body.put("opinion", OPINION);
        return body;
    }
}
