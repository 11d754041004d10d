package org.kcyj.review.pool;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.kcyj.shared.CreditCode;
import org.kcyj.shared.FieldProblem;

/**
 * The expert pool's CSV format: a header row naming the columns (any order; only username, name,
 * email and discipline_codes are required), then one expert per row. Lists are separated by ';',
 * relatives written {@code name:relation}, collaborations {@code counterpart:KIND:year}; full-width
 * '；' and '：' are read as their ASCII forms. Blank rows are skipped.
 */
public final class ExpertCsv {
    public static final List<String> COLUMNS = List.of("username", "name", "email", "unit_name", "unit_credit_code", "title",
            "discipline_codes", "international", "languages", "finance", "available", "relatives", "collaborations");
    static final List<String> REQUIRED = List.of("username", "name", "email", "discipline_codes");
    /** The API field each column fills. */
    private static final Map<String, String> FIELDS = Map.ofEntries(Map.entry("username", "username"),
            Map.entry("name", "name"), Map.entry("email", "email"), Map.entry("unit_name", "unitName"),
            Map.entry("unit_credit_code", "unitCreditCode"), Map.entry("title", "title"),
            Map.entry("discipline_codes", "disciplineCodes"), Map.entry("international", "international"),
            Map.entry("languages", "languages"), Map.entry("finance", "finance"), Map.entry("available", "available"),
            Map.entry("relatives", "relatives"), Map.entry("collaborations", "collaborations"));
    private static final Map<String, String> COLUMN_OF_FIELD = new HashMap<>();

    static {
        FIELDS.forEach((column, field) -> COLUMN_OF_FIELD.put(field, column));
    }

    /** A problem at a row (1 is the header) and column ("" for the whole row or file). */
    public record Problem(int row, String column, FieldProblem problem) {
    }

    /** One data row: its number, the username as written, the profile input in the API's shape, its own problems. */
    public record Line(int row, String username, Map<String, Object> input, List<Problem> problems) {
    }

    /** The data rows, or the problems that stop the file from being read at all (encoding, syntax, header). */
    public record Read(List<Line> lines, List<Problem> problems) {
    }

    private ExpertCsv() {
    }

    public static Read read(byte[] bytes) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return failed(1, "", "expert-import.encoding");
        }
        List<Csv.Row> rows;
        try {
            rows = Csv.parse(text);
        } catch (Csv.Malformed e) {
            return failed(e.row(), "", e.code());
        }
        if (rows.isEmpty() || rows.get(0).isBlank()) {
            return failed(1, "", "expert-import.no-header");
        }
        List<String> header = rows.get(0).fields().stream().map(h -> h.strip().toLowerCase(Locale.ROOT)).toList();
        List<Problem> problems = headerProblems(header);
        if (!problems.isEmpty()) {
            return new Read(List.of(), problems);
        }
        List<Line> lines = new ArrayList<>();
        for (Csv.Row row : rows.subList(1, rows.size())) {
            if (row.isBlank()) {
                continue;
            }
            if (row.fields().size() != header.size()) {
                lines.add(new Line(row.number(), "", Map.of(), List.of(new Problem(row.number(), "",
                        new FieldProblem("", "expert-import.field-count", row.fields().size(), header.size())))));
                continue;
            }
            Map<String, String> cells = new LinkedHashMap<>();
            for (int i = 0; i < header.size(); i++) {
                cells.put(header.get(i), row.fields().get(i));
            }
            lines.add(line(row.number(), cells));
        }
        if (lines.isEmpty()) {
            return failed(2, "", "expert-import.no-rows");
        }
        return new Read(lines, List.of());
    }

    private static List<Problem> headerProblems(List<String> header) {
        List<Problem> problems = new ArrayList<>();
        for (int i = 0; i < header.size(); i++) {
            String column = header.get(i);
            if (!FIELDS.containsKey(column)) {
                problems.add(new Problem(1, column, new FieldProblem(column, "expert-import.unknown-column",
                        String.join(", ", COLUMNS))));
            } else if (header.indexOf(column) != i) {
                problems.add(new Problem(1, column, new FieldProblem(column, "expert-import.duplicate-column")));
            }
        }
        for (String column : REQUIRED) {
            if (!header.contains(column)) {
                problems.add(new Problem(1, column, new FieldProblem(column, "expert-import.missing-column")));
            }
        }
        return problems;
    }

    private static Line line(int row, Map<String, String> cells) {
        List<Problem> problems = new ArrayList<>();
        Map<String, Object> input = new LinkedHashMap<>();
        cells.forEach((column, value) -> {
            String field = FIELDS.get(column);
            switch (column) {
                case "relatives" -> input.put(field, relatives(row, value, problems));
                case "collaborations" -> input.put(field, collaborations(row, value, problems));
                case "discipline_codes", "languages" -> input.put(field, items(value));
                default -> input.put(field, value.strip());
            }
        });
        return new Line(row, cells.getOrDefault("username", "").strip(), input, problems);
    }

    private static List<String> items(String value) {
        return java.util.Arrays.stream(ascii(value).split(";")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    private static List<Map<String, Object>> relatives(int row, String value, List<Problem> problems) {
        List<Map<String, Object>> relatives = new ArrayList<>();
        List<String> items = items(value);
        for (int i = 0; i < items.size(); i++) {
            String item = items.get(i);
            int colon = item.lastIndexOf(':');
            if (colon <= 0 || colon == item.length() - 1) {
                problems.add(new Problem(row, "relatives", new FieldProblem("relatives[" + i + "]",
                        "expert-import.relative-format")));
                relatives.add(Map.of("name", item, "relation", "-"));
            } else {
                relatives.add(Map.of("name", item.substring(0, colon).strip(), "relation", item.substring(colon + 1).strip()));
            }
        }
        return relatives;
    }

    private static List<Map<String, Object>> collaborations(int row, String value, List<Problem> problems) {
        List<Map<String, Object>> collaborations = new ArrayList<>();
        List<String> items = items(value);
        for (int i = 0; i < items.size(); i++) {
            String item = items.get(i);
            int last = item.lastIndexOf(':');
            int middle = last <= 0 ? -1 : item.lastIndexOf(':', last - 1);
            if (middle <= 0) {
                problems.add(new Problem(row, "collaborations", new FieldProblem("collaborations[" + i + "]",
                        "expert-import.collaboration-format")));
                collaborations.add(Map.of("counterpart", item, "kind", "CO_AUTHOR", "year", "1950"));
            } else {
                collaborations.add(Map.of("counterpart", item.substring(0, middle).strip(),
                        "kind", item.substring(middle + 1, last).strip(), "year", item.substring(last + 1).strip()));
            }
        }
        return collaborations;
    }

    private static String ascii(String value) {
        return value.replace('；', ';').replace('：', ':');
    }

    /** The CSV column of an API field name such as {@code collaborations[2].year}. */
    public static String columnOf(String field) {
        int end = field.length();
        for (int i = 0; i < field.length(); i++) {
            if (field.charAt(i) == '[' || field.charAt(i) == '.') {
                end = i;
                break;
            }
        }
        return COLUMN_OF_FIELD.getOrDefault(field.substring(0, end), field);
    }

    /** The 0-based item of a list field such as {@code relatives[1].name}, or -1. */
    public static int itemOf(String field) {
        int open = field.indexOf('[');
        int close = field.indexOf(']');
        if (open < 0 || close < open) {
            return -1;
        }
        try {
            return Integer.parseInt(field.substring(open + 1, close));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static Read failed(int row, String column, String code) {
        return new Read(List.of(), List.of(new Problem(row, column, new FieldProblem(column, code))));
    }

    /** A template to fill in: UTF-8 with a byte-order mark (spreadsheets then read it as UTF-8), the header, one example. */
    public static byte[] template() {
        String example = String.join(",", List.of("zhang.san", "张三", "zhang.san@example.cn", "宁波示范研究院",
                CreditCode.withCheckCharacter("12330200MB0000009"), "研究员", "430;43015", "false", "", "false", "true",
                "李四:配偶", Csv.field("王五:CO_AUTHOR:2024;宁波示范大学:COLLABORATOR:2023")));
        return ("\uFEFF" + String.join(",", COLUMNS) + "\r\n" + example + "\r\n").getBytes(StandardCharsets.UTF_8);
    }
}
