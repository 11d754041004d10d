package org.kcyj.review.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

class CsvTest {

    private static List<List<String>> fields(String text) throws Csv.Malformed {
        return Csv.parse(text).stream().map(Csv.Row::fields).toList();
    }

    @Test
    void plainRecordsSplitOnCommasAndLineBreaks() throws Exception {
        assertThat(fields("a,b,c\n1,2,3")).containsExactly(List.of("a", "b", "c"), List.of("1", "2", "3"));
    }

    @Test
    void quotedFieldsKeepCommasLineBreaksAndDoubledQuotes() throws Exception {
        assertThat(fields("name,unit\n\"张三\",\"宁波大学, 材料学院\"\n\"say \"\"hi\"\"\",\"two\nlines\"\n"))
                .containsExactly(List.of("name", "unit"), List.of("张三", "宁波大学, 材料学院"),
                        List.of("say \"hi\"", "two\nlines"));
    }

    @Test
    void aRecordSpanningLinesCountsAsOneRowLikeASpreadsheet() throws Exception {
        List<Csv.Row> rows = Csv.parse("h\n\"a\nb\"\nc\n");
        assertThat(rows).extracting(Csv.Row::number).containsExactly(1, 2, 3);
        assertThat(rows.get(2).fields()).containsExactly("c");
    }

    @Test
    void aByteOrderMarkIsDropped() throws Exception {
        assertThat(fields("\uFEFFusername,name\r\nx,y\r\n")).containsExactly(List.of("username", "name"), List.of("x", "y"));
    }

    @Test
    void crlfLfAndLoneCrEndRecords() throws Exception {
        assertThat(fields("a\r\nb\nc\rd")).containsExactly(List.of("a"), List.of("b"), List.of("c"), List.of("d"));
    }

    @Test
    void aTrailingLineBreakDoesNotMakeAnEmptyRecordButABlankLineIsABlankRow() throws Exception {
        assertThat(fields("a,b\r\n")).containsExactly(List.of("a", "b"));
        List<Csv.Row> rows = Csv.parse("a,b\r\n\r\n");
        assertThat(rows).hasSize(2);
        assertThat(rows.get(1).isBlank()).isTrue();
        assertThat(rows.get(0).isBlank()).isFalse();
    }

    @Test
    void emptyFieldsAreKeptInTheirPlaces() throws Exception {
        assertThat(fields(",x,\n\"\",\"\",")).containsExactly(List.of("", "x", ""), List.of("", "", ""));
        assertThat(fields("")).isEmpty();
    }

    @Test
    void aQuoteInsideAnUnquotedFieldIsAPlainCharacter() throws Exception {
        assertThat(fields("5\" disk,b")).containsExactly(List.of("5\" disk", "b"));
    }

    @Test
    void anUnclosedQuoteIsReportedAtTheRowWhereItOpened() {
        assertThatThrownBy(() -> Csv.parse("h\nok\n\"never closed,\nmore\n"))
                .isInstanceOfSatisfying(Csv.Malformed.class, e -> {
                    assertThat(e.row()).isEqualTo(3);
                    assertThat(e.code()).isEqualTo("expert-import.unclosed-quote");
                });
    }

    @Test
    void textAfterAClosingQuoteIsRefused() {
        assertThatThrownBy(() -> Csv.parse("h\n\"a\"b,c\n"))
                .isInstanceOfSatisfying(Csv.Malformed.class, e -> {
                    assertThat(e.row()).isEqualTo(2);
                    assertThat(e.code()).isEqualTo("expert-import.text-after-quote");
                });
    }

    @Test
    void fieldsAreWrittenSoTheyReadBack() throws Exception {
        String line = String.join(",", Csv.field("a,b"), Csv.field("say \"x\""), Csv.field("plain"), Csv.field(null));
        assertThat(fields(line)).containsExactly(List.of("a,b", "say \"x\"", "plain", ""));
    }
}
