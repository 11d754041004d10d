package org.kcyj.document;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What an issued document says, independent of how it is laid out: a title, an optional subtitle
 * and an ordered list of {@linkplain Block blocks}. Modules describe their documents (申报书,
 * 立项通知书, 任务书 …) with this structure and {@link DocumentService#issue} turns it into a PDF,
 * so no module has to know PDFBox and all documents share one look.
 *
 * <p>Texts are plain text: anything that looks like markup ({@code <b>}, {@code <script>}) is
 * printed literally. Any Unicode may be passed; the renderer strips control characters and prints
 * {@code ?} for characters the embedded font cannot show. {@code '\n'} in paragraphs and table
 * cells starts a new line. Instances are immutable; build them with {@link #builder(String)}:
 *
 * <pre>{@code
 * DocumentContent content = DocumentContent.builder("科创甬江2035重大专项项目申报书")
 *         .subtitle("Application form")
 *         .heading("一、基本信息")
 *         .keyValue("项目名称", "高性能稀土永磁材料关键技术")
 *         .keyValue("申报单位", "宁波某某大学")
 *         .paragraph("项目概述……")
 *         .table(List.of("序号", "姓名", "职称"), List.of(List.of("1", "张三", "教授")))
 *         .signature("申报单位（盖章）", null, "日期", null)
 *         .build();
 * }</pre>
 *
 * @param title    main title, centred on the first page and used as the PDF title; not blank
 * @param subtitle optional line under the title (English or Chinese), {@code null} if none
 * @param blocks   the body, in reading order (unmodifiable)
 */
public record DocumentContent(String title, String subtitle, List<Block> blocks) {

    public DocumentContent {
        Objects.requireNonNull(title, "title");
        if (title.isBlank()) {
            throw new IllegalArgumentException("title must not be blank");
        }
        if (subtitle != null && subtitle.isBlank()) {
            subtitle = null;
        }
        blocks = List.copyOf(Objects.requireNonNull(blocks, "blocks"));
    }

    /** The subtitle, if any. */
    public Optional<String> subtitleIfAny() {
        return Optional.ofNullable(subtitle);
    }

    /** Starts a document with the given (Chinese) title. */
    public static Builder builder(String title) {
        return new Builder(title);
    }

    /** One element of the body. The renderer handles exactly these kinds. */
    public sealed interface Block permits Heading, Paragraph, KeyValueTable, DataTable, SignatureLine {
    }

    /** A section heading such as "一、基本信息"; kept together with the text that follows it. */
    public record Heading(String text) implements Block {
        public Heading {
            text = orEmpty(text);
        }
    }

    /**
     * Running text that wraps at the right margin: Chinese may break between any two characters
     * (never before closing punctuation), Latin text breaks at spaces where possible.
     */
    public record Paragraph(String text) implements Block {
        public Paragraph {
            text = orEmpty(text);
        }
    }

    /**
     * A two-column label/value table (项目名称 | …). Long values wrap inside their cell and the
     * table continues on the next page when it does not fit.
     */
    public record KeyValueTable(List<Row> rows) implements Block {
        public KeyValueTable {
            rows = List.copyOf(rows);
        }

        /** One label/value pair; {@code null} is treated as an empty string. */
        public record Row(String label, String value) {
            public Row {
                label = orEmpty(label);
                value = orEmpty(value);
            }
        }
    }

    /**
     * A table with a header row. Long tables continue over several pages and repeat the header
     * row at the top of every page.
     *
     * @param header        column headings (at least one)
     * @param rows          rows with exactly {@code header.size()} cells each; {@code null} cells
     *                      are printed empty
     * @param columnWeights optional relative column widths (same size as header, all positive);
     *                      {@code null} sizes the columns from their contents
     */
    public record DataTable(List<String> header, List<List<String>> rows, List<Double> columnWeights)
            implements Block {
        public DataTable {
            header = header.stream().map(DocumentContent::orEmpty).toList();
            if (header.isEmpty()) {
                throw new IllegalArgumentException("a data table needs at least one column");
            }
            int columns = header.size();
            List<List<String>> copy = new ArrayList<>(rows.size());
            for (List<String> row : rows) {
                if (row.size() != columns) {
                    throw new IllegalArgumentException(
                            "row has " + row.size() + " cells, the header has " + columns);
                }
                copy.add(row.stream().map(DocumentContent::orEmpty).toList());
            }
            rows = Collections.unmodifiableList(copy);
            if (columnWeights != null) {
                if (columnWeights.size() != columns
                        || columnWeights.stream().anyMatch(w -> w == null || !(w > 0) || w.isInfinite())) {
                    throw new IllegalArgumentException("need " + columns + " positive column weights");
                }
                columnWeights = List.copyOf(columnWeights);
            }
        }
    }

    /**
     * A signature and date line, e.g. "申报单位（盖章）：________  日期：________". A {@code null}
     * or blank signatory/date is printed as a blank line to sign or fill in by hand.
     */
    public record SignatureLine(String label, String signatory, String dateLabel, String date) implements Block {
        public SignatureLine {
            label = orEmpty(label);
            signatory = blankToNull(signatory);
            dateLabel = orEmpty(dateLabel);
            date = blankToNull(date);
        }
    }

    /** Collects the blocks of a {@link DocumentContent}; adjacent {@link #keyValue} calls form one table. */
    public static final class Builder {
        private final String title;
        private String subtitle;
        private final List<Block> blocks = new ArrayList<>();
        private List<KeyValueTable.Row> openKeyValues;

        private Builder(String title) {
            this.title = title;
        }

        public Builder subtitle(String subtitle) {
            this.subtitle = subtitle;
            return this;
        }

        public Builder heading(String text) {
            return add(new Heading(text));
        }

        public Builder paragraph(String text) {
            return add(new Paragraph(text));
        }

        /** Adds a row to the key-value table that directly precedes, or starts a new one. */
        public Builder keyValue(String label, String value) {
            if (openKeyValues == null) {
                openKeyValues = new ArrayList<>();
            }
            openKeyValues.add(new KeyValueTable.Row(label, value));
            return this;
        }

        /** Adds a complete key-value table, rows in the map's iteration order. */
        public Builder keyValues(Map<String, String> rows) {
            closeKeyValues();
            List<KeyValueTable.Row> list = new ArrayList<>();
            new LinkedHashMap<>(rows).forEach((k, v) -> list.add(new KeyValueTable.Row(k, v)));
            return add(new KeyValueTable(list));
        }

        public Builder table(List<String> header, List<List<String>> rows) {
            return add(new DataTable(header, rows, null));
        }

        public Builder table(List<String> header, List<List<String>> rows, List<Double> columnWeights) {
            return add(new DataTable(header, rows, columnWeights));
        }

        public Builder signature(String label, String signatory, String dateLabel, String date) {
            return add(new SignatureLine(label, signatory, dateLabel, date));
        }

        public Builder add(Block block) {
            closeKeyValues();
            blocks.add(Objects.requireNonNull(block, "block"));
            return this;
        }

        public DocumentContent build() {
            closeKeyValues();
            return new DocumentContent(title, subtitle, blocks);
        }

        private void closeKeyValues() {
            if (openKeyValues != null) {
                blocks.add(new KeyValueTable(openKeyValues));
                openKeyValues = null;
            }
        }
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
