package org.kcyj.review.pool;

import java.util.ArrayList;
import java.util.List;

/**
 * A small RFC 4180 reader: fields separated by commas, records by CRLF, LF or CR; a field in double
 * quotes may hold commas, line breaks and doubled quotes. A leading byte-order mark is dropped. A line
 * break after the last record ends that record (it does not start an empty one).
 *
 * <p>Tolerated beyond the RFC, as spreadsheets write them: a quote inside an unquoted field is a plain
 * character. Refused: text after a closing quote other than a comma or line break, and an unclosed quote.
 */
final class Csv {

    /** One record: its number in the file (the first is 1, as a spreadsheet numbers rows) and its fields. */
    record Row(int number, List<String> fields) {
        boolean isBlank() {
            return fields.stream().allMatch(String::isBlank);
        }
    }

    /** Why the text is not CSV, at which record; {@code code} is a message-bundle code. */
    static final class Malformed extends Exception {
        private final int row;
        private final String code;

        Malformed(int row, String code) {
            super(code + " at row " + row);
            this.row = row;
            this.code = code;
        }

        int row() {
            return row;
        }

        String code() {
            return code;
        }
    }

    private Csv() {
    }

    static List<Row> parse(String text) throws Malformed {
        String s = text.startsWith("\uFEFF") ? text.substring(1) : text;
        List<Row> rows = new ArrayList<>();
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        int number = 1;
        int quoteStartedIn = 0;
        boolean quoted = false;
        boolean afterClosingQuote = false;
        int i = 0;
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < n && s.charAt(i + 1) == '"') {
                        field.append('"');
                        i += 2;
                        continue;
                    }
                    quoted = false;
                    afterClosingQuote = true;
                } else {
                    field.append(c);
                }
                i++;
                continue;
            }
            if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
                afterClosingQuote = false;
            } else if (c == '\r' || c == '\n') {
                fields.add(field.toString());
                field.setLength(0);
                afterClosingQuote = false;
                rows.add(new Row(number++, List.copyOf(fields)));
                fields.clear();
                if (c == '\r' && i + 1 < n && s.charAt(i + 1) == '\n') {
                    i++;
                }
            } else if (afterClosingQuote) {
                throw new Malformed(number, "expert-import.text-after-quote");
            } else if (c == '"' && field.isEmpty()) {
                quoted = true;
                quoteStartedIn = number;
            } else {
                field.append(c);
            }
            i++;
        }
        if (quoted) {
            throw new Malformed(quoteStartedIn, "expert-import.unclosed-quote");
        }
        // The last record when the text does not end with a line break.
        if (!fields.isEmpty() || !field.isEmpty() || afterClosingQuote) {
            fields.add(field.toString());
            rows.add(new Row(number, List.copyOf(fields)));
        }
        return rows;
    }

    /** One field as RFC 4180 writes it: quoted when it holds a comma, quote or line break. */
    static String field(String value) {
        if (value == null) {
            return "";
        }
        if (value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\n') < 0 && value.indexOf('\r') < 0) {
            return value;
        }
        return '"' + value.replace("\"", "\"\"") + '"';
    }
}
