package org.kcyj.document;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TypesetterTest {

    private static final float SIZE = 10.5f;

    private PDDocument document;
    private Typesetter typesetter;

    @BeforeEach
    void setUp() throws IOException {
        document = new PDDocument();
        typesetter = new Typesetter(PdfTestSupport.FONT.loadInto(document), PdfTestSupport.FONT::canDisplay);
    }

    @AfterEach
    void tearDown() throws IOException {
        document.close();
    }

    @Test
    void cleaningDropsControlsAndReplacesMissingGlyphs() {
        assertThat(typesetter.clean("a\u0000b\u0007c\u001bd")).isEqualTo("abcd");
        assertThat(typesetter.clean("x\r\ny\rz\u2028w")).isEqualTo("x\ny\nz\nw");
        assertThat(typesetter.clean("tab\there")).isEqualTo("tab here");
        assertThat(typesetter.clean("zero\u200Bwidth\uFEFF soft\u00ADhyphen")).isEqualTo("zerowidth softhyphen");
        assertThat(typesetter.clean("😀 ❤️ 👍🏽")).isEqualTo("? ? ??");
        assertThat(typesetter.clean("lone \uD800 surrogate")).isEqualTo("lone ? surrogate");
        assertThat(typesetter.clean("e\u0301")).isEqualTo("é"); // NFC
        assertThat(typesetter.clean("科创甬江 ÀÉÎ αβγ АБВ")).isEqualTo("科创甬江 ÀÉÎ αβγ АБВ");
        assertThat(typesetter.clean(null)).isEmpty();
        assertThat(typesetter.cleanLine("two\nlines")).isEqualTo("two lines");
    }

    @Test
    void linesFitTheWidth() {
        String text = typesetter.clean("科创甬江2035重大专项（第一批）申报指南。Applicants must read the call guide carefully, "
                + "including https://kjj.ningbo.gov.cn/very/long/path/that/cannot/break/at/spaces/at/all/index.html ；"
                .repeat(5));
        float width = 200;
        List<String> lines = typesetter.wrap(text, SIZE, width);

        assertThat(lines).hasSizeGreaterThan(10);
        assertThat(lines).allMatch(l -> typesetter.width(l, SIZE) <= width + 0.01f);
        assertThat(String.join("", lines).replace(" ", "")).isEqualTo(text.replace(" ", ""));
    }

    @Test
    void textExactlyAsWideAsTheLineStaysOnOneLine() {
        for (String label : List.of("资助意见 Funding opinion", "无利益冲突声明 No-conflict declaration", "排名",
                "项目负责人 Principal investigator", "KCYJ2026-XCL-0007")) {
            String text = typesetter.clean(label);
            // a table sizes a label column from the label's natural width: it must then fit
            assertThat(typesetter.wrap(text, 10f, typesetter.naturalWidth(text, 10f))).as(label).containsExactly(text);
        }
    }

    @Test
    void closingPunctuationNeverStartsALine() {
        String text = typesetter.clean("这是一个用于测试避头尾规则的句子，包含逗号、顿号。还有引号“中文”和括号（说明）！".repeat(6));
        for (float width = 60; width < 300; width += 7) {
            for (String line : typesetter.wrap(text, SIZE, width)) {
                assertThat(line).as("width %s", width).doesNotStartWith("，").doesNotStartWith("。")
                        .doesNotStartWith("、").doesNotStartWith("）").doesNotStartWith("！").doesNotStartWith("”");
            }
        }
    }

    @Test
    void newlinesAreKeptAndEmptyTextIsOneLine() {
        assertThat(typesetter.wrap("a\n\nb", SIZE, 100)).containsExactly("a", "", "b");
        assertThat(typesetter.wrap("", SIZE, 100)).containsExactly("");
    }

    @Test
    void aLineHoldsAtLeastOneCharacter() {
        assertThat(typesetter.wrap("宽字", SIZE, 1)).containsExactly("宽", "字");
    }
}
