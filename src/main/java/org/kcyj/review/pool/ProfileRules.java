package org.kcyj.review.pool;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.kcyj.shared.CreditCode;
import org.kcyj.review.CollaborationKind;
import org.kcyj.review.DeclaredCollaboration;
import org.kcyj.review.DeclaredRelative;
import org.kcyj.shared.FieldProblem;

/**
 * What an expert profile must satisfy, checked field by field so that every problem is reported at
 * once. Field names in problems are the API's ({@code unitCreditCode}, {@code collaborations[0].kind}).
 * Pure: the caller supplies the current year.
 */
public final class ProfileRules {
    /**
     * Letters, digits, dot, underscore and hyphen. At most 57 characters, so that the audit subject
     * {@code EXPERT-{username}} fits the audit log's 64-character subject column.
     */
    static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9._-]{3,57}");
    static final Pattern DISCIPLINE_CODE = Pattern.compile("\\d{3,7}");
    static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s.]+(\\.[^@\\s.]+)+");
    /** Separators of list values typed as one text: commas, semicolons (also full-width) and white space. */
    static final Pattern LIST_SEPARATORS = Pattern.compile("[,;，；、\\s]+");
    static final int MAX_DISCIPLINE_CODES = 10;
    static final int MAX_LANGUAGES = 10;
    static final int MAX_RELATIVES = 20;
    static final int MAX_COLLABORATIONS = 50;
    static final int FIRST_YEAR = 1950;

    /** A profile's values as checked and normalised (credit code upper case, lists without duplicates). */
    public record Values(String name, String email, String unitName, String unitCreditCode, String title,
                  List<String> disciplineCodes, boolean international, List<String> languages, boolean finance,
                  boolean available, List<DeclaredRelative> relatives, List<DeclaredCollaboration> collaborations) {
    }

    /** The values (meaningful only without problems) and every problem found. */
    public record Checked(Values values, List<FieldProblem> problems) {
    }

    private ProfileRules() {
    }

    public static boolean validUsername(String username) {
        return username != null && USERNAME.matcher(username).matches();
    }

    public static Checked check(String username, Map<String, ?> input, int currentYear) {
        Map<String, ?> in = input == null ? Map.of() : input;
        List<FieldProblem> problems = new ArrayList<>();
        if (!validUsername(username)) {
            problems.add(new FieldProblem("username", "expert.username-format"));
        } else if (in.get("username") != null && !username.equals(String.valueOf(in.get("username")).strip())) {
            problems.add(new FieldProblem("username", "expert.username-mismatch"));
        }
        String name = text(in, "name", true, 100, problems);
        String email = text(in, "email", true, 200, problems);
        if (email != null && !EMAIL.matcher(email).matches()) {
            problems.add(new FieldProblem("email", "validation.email"));
        }
        String unitName = text(in, "unitName", false, 200, problems);
        String creditCode = text(in, "unitCreditCode", false, 50, problems);
        if (creditCode != null) {
            CreditCode.validate("unitCreditCode", creditCode).ifPresent(problems::add);
            if (unitName == null) {
                problems.add(new FieldProblem("unitName", "expert.unit-name-with-code"));
            }
        }
        String title = text(in, "title", false, 100, problems);
        List<String> disciplines = disciplineCodes(in.get("disciplineCodes"), problems);
        boolean international = bool(in, "international", false, problems);
        List<String> languages = languages(in.get("languages"), problems);
        if (international && languages.isEmpty() && problems.stream().noneMatch(p -> p.field().startsWith("languages"))) {
            problems.add(new FieldProblem("languages", "expert.languages-required"));
        }
        boolean finance = bool(in, "finance", false, problems);
        boolean available = bool(in, "available", true, problems);
        List<DeclaredRelative> relatives = relatives(in.get("relatives"), problems);
        List<DeclaredCollaboration> collaborations = collaborations(in.get("collaborations"), currentYear, problems);
        Values values = new Values(name, email, unitName,
                creditCode == null ? null : CreditCode.normalise(creditCode), title, disciplines, international,
                languages, finance, available, relatives, collaborations);
        return new Checked(values, List.copyOf(problems));
    }

    private static List<String> disciplineCodes(Object raw, List<FieldProblem> problems) {
        List<String> codes = values(raw, "disciplineCodes", problems);
        if (codes == null) {
            return List.of();
        }
        if (codes.isEmpty() || codes.size() > MAX_DISCIPLINE_CODES) {
            problems.add(new FieldProblem("disciplineCodes", "expert.discipline-count", MAX_DISCIPLINE_CODES));
        }
        for (String code : codes) {
            if (!DISCIPLINE_CODE.matcher(code).matches()) {
                problems.add(new FieldProblem("disciplineCodes", "expert.discipline-code", code));
            }
        }
        return codes;
    }

    private static List<String> languages(Object raw, List<FieldProblem> problems) {
        List<String> languages = values(raw, "languages", problems);
        if (languages == null) {
            return List.of();
        }
        if (languages.size() > MAX_LANGUAGES) {
            problems.add(new FieldProblem("languages", "expert.list-max", MAX_LANGUAGES));
        }
        for (String language : languages) {
            if (language.codePointCount(0, language.length()) > 30 || hasControl(language)) {
                problems.add(new FieldProblem("languages", "expert.language", language));
            }
        }
        return languages;
    }

    /**
     * A list of short values: a JSON array of strings, or one text separated by commas, semicolons or
     * spaces. Blank items are dropped, duplicates kept once. Null when the shape is wrong.
     */
    private static List<String> values(Object raw, String field, List<FieldProblem> problems) {
        Set<String> values = new LinkedHashSet<>();
        if (raw == null) {
            return List.of();
        } else if (raw instanceof Collection<?> items) {
            for (Object item : items) {
                if (item instanceof Collection<?> || item instanceof Map<?, ?>) {
                    problems.add(new FieldProblem(field, "validation.list"));
                    return null;
                }
                if (item != null) {
                    for (String part : LIST_SEPARATORS.split(item.toString().strip())) {
                        if (!part.isBlank()) {
                            values.add(part);
                        }
                    }
                }
            }
        } else if (raw instanceof Map<?, ?>) {
            problems.add(new FieldProblem(field, "validation.list"));
            return null;
        } else {
            for (String part : LIST_SEPARATORS.split(raw.toString().strip())) {
                if (!part.isBlank()) {
                    values.add(part);
                }
            }
        }
        return List.copyOf(values);
    }

    private static List<DeclaredRelative> relatives(Object raw, List<FieldProblem> problems) {
        List<Map<?, ?>> rows = rows(raw, "relatives", MAX_RELATIVES, problems);
        List<DeclaredRelative> relatives = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            String prefix = "relatives[" + i + "].";
            Map<?, ?> row = rows.get(i);
            String name = text(row, "name", prefix + "name", true, 100, problems);
            String relation = text(row, "relation", prefix + "relation", true, 50, problems);
            if (name != null && relation != null) {
                relatives.add(new DeclaredRelative(name, relation));
            }
        }
        return List.copyOf(relatives);
    }

    private static List<DeclaredCollaboration> collaborations(Object raw, int currentYear, List<FieldProblem> problems) {
        List<Map<?, ?>> rows = rows(raw, "collaborations", MAX_COLLABORATIONS, problems);
        List<DeclaredCollaboration> collaborations = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            String prefix = "collaborations[" + i + "].";
            Map<?, ?> row = rows.get(i);
            String counterpart = text(row, "counterpart", prefix + "counterpart", true, 200, problems);
            String kindText = text(row, "kind", prefix + "kind", true, 16, problems);
            CollaborationKind kind = null;
            if (kindText != null) {
                kind = kind(kindText);
                if (kind == null) {
                    problems.add(new FieldProblem(prefix + "kind", "expert.collaboration-kind"));
                }
            }
            Integer year = year(row.get("year"), prefix + "year", currentYear, problems);
            if (counterpart != null && kind != null && year != null) {
                collaborations.add(new DeclaredCollaboration(counterpart, kind, year));
            }
        }
        return List.copyOf(collaborations);
    }

    /** A kind by its name (any case) or its Chinese label (合著, 合作, 导师, 学生). */
    public static CollaborationKind kind(String text) {
        String value = text.strip();
        for (CollaborationKind kind : CollaborationKind.values()) {
            if (kind.name().equalsIgnoreCase(value) || kind.label().equals(value)) {
                return kind;
            }
        }
        return null;
    }

    private static Integer year(Object raw, String field, int currentYear, List<FieldProblem> problems) {
        if (raw == null || raw.toString().isBlank()) {
            problems.add(new FieldProblem(field, "validation.required"));
            return null;
        }
        String text = raw.toString().strip();
        if (!text.matches("\\d{1,4}")) {
            problems.add(new FieldProblem(field, "validation.range", String.valueOf(FIRST_YEAR), String.valueOf(currentYear)));
            return null;
        }
        int year = Integer.parseInt(text);
        if (year < FIRST_YEAR || year > currentYear) {
            problems.add(new FieldProblem(field, "validation.range", String.valueOf(FIRST_YEAR), String.valueOf(currentYear)));
            return null;
        }
        return year;
    }

    private static List<Map<?, ?>> rows(Object raw, String field, int max, List<FieldProblem> problems) {
        if (raw == null) {
            return List.of();
        }
        if (!(raw instanceof Collection<?> items)) {
            problems.add(new FieldProblem(field, "validation.list"));
            return List.of();
        }
        if (items.size() > max) {
            problems.add(new FieldProblem(field, "expert.list-max", max));
            return List.of();
        }
        List<Map<?, ?>> rows = new ArrayList<>();
        for (Object item : items) {
            if (!(item instanceof Map<?, ?> row)) {
                problems.add(new FieldProblem(field, "validation.list"));
                return List.of();
            }
            rows.add(row);
        }
        return rows;
    }

    private static boolean bool(Map<String, ?> in, String field, boolean absent, List<FieldProblem> problems) {
        Object raw = in.get(field);
        if (raw == null || (raw instanceof String s && s.isBlank())) {
            return absent;
        }
        if (raw instanceof Boolean b) {
            return b;
        }
        switch (raw.toString().strip().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "y", "1", "on", "是" -> {
                return true;
            }
            case "false", "no", "n", "0", "off", "否" -> {
                return false;
            }
            default -> {
                problems.add(new FieldProblem(field, "validation.boolean"));
                return absent;
            }
        }
    }

    private static String text(Map<?, ?> in, String key, boolean required, int max, List<FieldProblem> problems) {
        return text(in, key, key, required, max, problems);
    }

    /** A stripped text, or null when blank (a problem when required) or invalid. */
    private static String text(Map<?, ?> in, String key, String field, boolean required, int max,
                               List<FieldProblem> problems) {
        Object raw = in.get(key);
        if (raw instanceof Collection<?> || raw instanceof Map<?, ?>) {
            problems.add(new FieldProblem(field, "validation.single"));
            return null;
        }
        String text = raw == null ? "" : raw.toString().strip();
        if (text.isEmpty()) {
            if (required) {
                problems.add(new FieldProblem(field, "validation.required"));
            }
            return null;
        }
        if (Math.max(text.length(), text.codePointCount(0, text.length())) > max) {
            problems.add(new FieldProblem(field, "validation.max-length", max));
            return null;
        }
        if (hasControl(text)) {
            problems.add(new FieldProblem(field, "validation.control-characters"));
            return null;
        }
        return text;
    }

    private static boolean hasControl(String text) {
        return text.chars().anyMatch(Character::isISOControl);
    }
}
