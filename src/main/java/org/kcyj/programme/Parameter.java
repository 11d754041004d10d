package org.kcyj.programme;

import java.math.BigDecimal;
import java.util.Optional;

/**
 * One rule of a programme that managers change without code: its name, kind, allowed range, the
 * default of rules.md and a description in both languages.
 */
public record Parameter(String name, Kind kind, String defaultValue, BigDecimal min, BigDecimal max,
                        String description, String englishDescription) {

    public enum Kind { INTEGER, DECIMAL, BOOLEAN }

    /** The value normalised, or empty when it is not of this parameter's kind or outside its range. */
    public Optional<String> normalise(String raw) {
        if (raw == null || raw.isBlank()) {
            return Optional.empty();
        }
        String text = raw.strip();
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
}
