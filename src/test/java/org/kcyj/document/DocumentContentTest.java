package org.kcyj.document;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class DocumentContentTest {

    @Test
    void builderGroupsAdjacentKeyValuesIntoOneTable() {
        DocumentContent content = DocumentContent.builder("标题")
                .keyValue("a", "1").keyValue("b", null)
                .paragraph("p")
                .keyValue("c", "3")
                .build();

        assertThat(content.blocks()).hasSize(3);
        assertThat(content.blocks().get(0)).isEqualTo(new DocumentContent.KeyValueTable(List.of(
                new DocumentContent.KeyValueTable.Row("a", "1"), new DocumentContent.KeyValueTable.Row("b", ""))));
        assertThat(content.blocks().get(1)).isEqualTo(new DocumentContent.Paragraph("p"));
        assertThat(content.subtitle()).isNull();
        assertThat(content.subtitleIfAny()).isEmpty();
    }

    @Test
    void contentIsImmutable() {
        List<String> header = new ArrayList<>(List.of("a", "b"));
        List<List<String>> rows = new ArrayList<>();
        rows.add(new ArrayList<>(List.of("1", "2")));
        Map<String, String> values = new LinkedHashMap<>(Map.of("k", "v"));
        DocumentContent content = DocumentContent.builder("标题").table(header, rows).keyValues(values).build();
        header.add("c");
        rows.get(0).set(0, "changed");
        rows.add(List.of("3", "4"));
        values.put("k2", "v2");

        DocumentContent.DataTable table = (DocumentContent.DataTable) content.blocks().get(0);
        assertThat(table.header()).containsExactly("a", "b");
        assertThat(table.rows()).containsExactly(List.of("1", "2"));
        assertThat(((DocumentContent.KeyValueTable) content.blocks().get(1)).rows()).hasSize(1);
        assertThatThrownBy(() -> content.blocks().add(new DocumentContent.Heading("x")))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void invalidContentIsRefused() {
        assertThatThrownBy(() -> DocumentContent.builder(" ").build()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DocumentContent.builder("t").table(List.of(), List.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DocumentContent.builder("t").table(List.of("a", "b"), List.of(List.of("1"))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DocumentContent.builder("t").table(List.of("a"), List.of(), List.of(0.0)))
                .isInstanceOf(IllegalArgumentException.class);
        List<String> withNull = Arrays.asList("1", null);
        DocumentContent ok = DocumentContent.builder("t").table(List.of("a", "b"), List.of(withNull)).build();
        assertThat(((DocumentContent.DataTable) ok.blocks().get(0)).rows().get(0)).containsExactly("1", "");
    }

    @Test
    void requestsAreValidated() {
        DocumentContent content = DocumentContent.builder("t").build();
        DocumentRequest ok = new DocumentRequest("KCYJ2026-XCL-0007", DocumentTypes.SBS, " 宁波市科学技术局 ", "u1", content, null);
        assertThat(ok.typeCode()).isEqualTo("SBS");
        assertThat(ok.typeName()).isEqualTo("申报书");
        assertThat(ok.issuer()).isEqualTo("宁波市科学技术局");

        assertThatThrownBy(() -> new DocumentRequest("KCYJ 2026", DocumentTypes.SBS, "i", "u", content, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DocumentRequest("KCYJ2026-", DocumentTypes.SBS, "i", "u", content, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DocumentRequest("A", "sbs", "申报书", "i", "u", content, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DocumentRequest("A", DocumentTypes.SBS, "", "u", content, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DocumentRequest("A", DocumentTypes.SBS, "i", "u", content, " "))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DocumentRequest("A", DocumentTypes.SBS, "i", "u", content, "k".repeat(201)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DocumentRequest("A", DocumentTypes.SBS, "i", "u", null, null))
                .isInstanceOf(NullPointerException.class);
    }

    @Test
    void predefinedTypes() {
        assertThat(DocumentTypes.all()).extracting(DocumentType::code)
                .containsExactly("SBS", "TZS", "RWS", "YSS", "ZN", "XSSC", "HZ", "PSYJ", "PSFK", "PSHZ", "HPJL", "SJRQ");
        assertThat(DocumentTypes.all()).filteredOn(t -> DocumentTypes.isPublic(t.code())).extracting(DocumentType::code)
                .containsExactly("ZN", "SJRQ");
        assertThat(DocumentTypes.byCode("TZS")).contains(DocumentTypes.TZS);
        assertThat(DocumentTypes.TZS.name()).isEqualTo("立项通知书");
        assertThat(DocumentTypes.byCode("HZ")).contains(DocumentTypes.HZ);
        assertThat(DocumentTypes.HZ).isEqualTo(new DocumentType("HZ", "申报回执", "Submission receipt"));
        assertThat(DocumentTypes.XSSC).isEqualTo(new DocumentType("XSSC", "形式审查意见", "Formal check notice"));
        assertThat(DocumentTypes.ZN).isEqualTo(new DocumentType("ZN", "申报指南", "Call guide"));
        assertThat(DocumentTypes.byCode("PSFK")).contains(DocumentTypes.PSFK);
        assertThat(DocumentTypes.PSYJ.name()).isEqualTo("专家评审意见表");
        assertThat(DocumentTypes.byCode("NOPE")).isEmpty();
    }
}
