package org.kcyj.review.pool;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ExpertCsvTest {

    private static ExpertCsv.Read read(String text) {
        return ExpertCsv.read(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aRowBecomesTheInputThePoolTakes() {
        ExpertCsv.Read read = read("username,name,email,discipline_codes,relatives,collaborations,international\n"
                + "li.si,李四,li.si@example.cn,430；43015,王芳：配偶;赵五:子女,\"宁波示范大学:COLLABORATOR:2024;张明:CO_AUTHOR:2025\",是\n");

        assertThat(read.problems()).isEmpty();
        ExpertCsv.Line line = read.lines().get(0);
        assertThat(line.row()).isEqualTo(2);
        assertThat(line.username()).isEqualTo("li.si");
        assertThat(line.problems()).isEmpty();
        assertThat(line.input()).containsEntry("disciplineCodes", List.of("430", "43015"))
                .containsEntry("international", "是")
                .containsEntry("relatives", List.of(Map.of("name", "王芳", "relation", "配偶"),
                        Map.of("name", "赵五", "relation", "子女")))
                .containsEntry("collaborations", List.of(
                        Map.of("counterpart", "宁波示范大学", "kind", "COLLABORATOR", "year", "2024"),
                        Map.of("counterpart", "张明", "kind", "CO_AUTHOR", "year", "2025")));
    }

    @Test
    void headerProblemsStopTheReadingWithEveryColumnNamed() {
        ExpertCsv.Read read = read("username,name,mail,name\nx,y,z,w\n");

        assertThat(read.lines()).isEmpty();
        assertThat(read.problems()).extracting(ExpertCsv.Problem::row).containsOnly(1);
        assertThat(read.problems()).extracting(ExpertCsv.Problem::column, p -> p.problem().code())
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("mail", "expert-import.unknown-column"),
                        org.assertj.core.groups.Tuple.tuple("name", "expert-import.duplicate-column"),
                        org.assertj.core.groups.Tuple.tuple("email", "expert-import.missing-column"),
                        org.assertj.core.groups.Tuple.tuple("discipline_codes", "expert-import.missing-column"));
    }

    @Test
    void badItemsAndRowsOfTheWrongWidthAreProblemsOfTheirRow() {
        ExpertCsv.Read read = read("username,name,email,discipline_codes,relatives,collaborations\n"
                + "a.b,甲,a@example.cn,430,王芳,张明:2024\n"
                + "\n"
                + "c.d,乙,c@example.cn,430\n");

        assertThat(read.lines()).hasSize(2);
        assertThat(read.lines().get(0).problems()).extracting(ExpertCsv.Problem::column, p -> p.problem().field())
                .containsExactly(org.assertj.core.groups.Tuple.tuple("relatives", "relatives[0]"),
                        org.assertj.core.groups.Tuple.tuple("collaborations", "collaborations[0]"));
        assertThat(read.lines().get(1).row()).as("the blank row still counts").isEqualTo(4);
        assertThat(read.lines().get(1).problems()).extracting(p -> p.problem().code())
                .containsExactly("expert-import.field-count");
    }

    @Test
    void filesThatAreNotUtf8OrHoldNoExpertsAreRefused() {
        byte[] gbk = "username,name\n张三,x\n".getBytes(java.nio.charset.Charset.forName("GBK"));
        assertThat(ExpertCsv.read(gbk).problems()).extracting(p -> p.problem().code())
                .containsExactly("expert-import.encoding");
        assertThat(read("username,name,email,discipline_codes\r\n\r\n").problems()).extracting(p -> p.problem().code())
                .containsExactly("expert-import.no-rows");
        assertThat(read("\n").problems()).extracting(p -> p.problem().code()).containsExactly("expert-import.no-header");
    }

    @Test
    void fieldNamesMapBackToColumnsAndItems() {
        assertThat(ExpertCsv.columnOf("unitCreditCode")).isEqualTo("unit_credit_code");
        assertThat(ExpertCsv.columnOf("collaborations[2].year")).isEqualTo("collaborations");
        assertThat(ExpertCsv.itemOf("collaborations[2].year")).isEqualTo(2);
        assertThat(ExpertCsv.itemOf("email")).isEqualTo(-1);
    }

    @Test
    void theTemplateReadsBackAsOneValidExpert() {
        byte[] template = ExpertCsv.template();
        assertThat(template).startsWith(0xEF, 0xBB, 0xBF);
        ExpertCsv.Read read = ExpertCsv.read(template);

        assertThat(read.problems()).isEmpty();
        assertThat(read.lines()).hasSize(1);
        ExpertCsv.Line line = read.lines().get(0);
        assertThat(ProfileRules.check(line.username(), line.input(), 2026).problems()).isEmpty();
        assertThat(new String(template, StandardCharsets.UTF_8)).contains(String.join(",", ExpertCsv.COLUMNS));
    }
}
