package org.kcyj.programme;

import java.math.BigDecimal;
import java.util.Optional;

/**
 * One rule of a programme that managers change without code: its name, kind, allowed range, the
 * default (docs/programme-rules.md, "Programme parameters") and a description in both languages.
 */
public record Parameter(String name, Kind kind, String defaultValue, BigDecimal min, BigDecimal max,
                        String description, String englishDescription) {

    public enum Kind { INTEGER, DECIMAL, BOOLEAN, CRITERIA }

    /** Criteria lists hold at most this many criteria. */
    public static final int MAX_CRITERIA = 10;

    /** The value normalised, or empty when it is not of this parameter's kind or outside its range. */
    public Optional<String> normalise(String raw) {
        if (raw == null || raw.isBlank()) {
            return Optional.empty();
        }
        String text = raw.strip();
        if (kind == Kind.CRITERIA) {
            return normaliseCriteria(text);
        }
        if (kind == Kind.BOOLEAN) {
            return text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")
                    ? Optional.of(text.toLowerCase()) : Optional.empty();
        }
        BigDecimal number;
        try {
            number = new BigDecimal(text);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        if (kind == Kind.INTEGER && number.stripTrailingZeros().scale() > 0
                || number.compareTo(min) < 0 || number.compareTo(max) > 0 || number.scale() > 4) {
            return Optional.empty();
        }
        return Optional.of(kind == Kind.INTEGER ? number.toBigInteger().toString()
                : number.stripTrailingZeros().toPlainString());
    }

    /**
     * A criteria list: {@code 名称:权重} pairs separated by commas, 1 to 10 of them, distinct names, whole
     * positive weights adding up to 100, e.g. {@code 创新性:30,可行性与研究基础:25,...}.
     */
    private static Optional<String> normaliseCriteria(String text) {
        java.util.LinkedHashMap<String, Integer> criteria = new java.util.LinkedHashMap<>();
        for (String part : text.replace('，', ',').replace('：', ':').split(",")) {
            int colon = part.lastIndexOf(':');
            if (colon <= 0) {
                return Optional.empty();
            }
            String name = part.substring(0, colon).strip();
            int weight;
            try {
                weight = Integer.parseInt(part.substring(colon + 1).strip());
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
            if (name.isEmpty() || name.length() > 20 || weight <= 0 || criteria.put(name, weight) != null) {
                return Optional.empty();
            }
        }
        int total = criteria.values().stream().mapToInt(Integer::intValue).sum();
        if (criteria.isEmpty() || criteria.size() > MAX_CRITERIA || total != 100) {
            return Optional.empty();
        }
        return Optional.of(String.join(",", criteria.entrySet().stream().map(e -> e.getKey() + ":" + e.getValue()).toList()));
    }
}
