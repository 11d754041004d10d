package org.kcyj.document;

import static org.assertj.core.api.Assertions.assertThat;
import static org.kcyj.document.PdfTestSupport.ISSUED_AT;
import static org.kcyj.document.PdfTestSupport.ISSUER;
import static org.kcyj.document.PdfTestSupport.NUMBER;
import static org.kcyj.document.PdfTestSupport.glyphs;
import static org.kcyj.document.PdfTestSupport.pageTexts;
import static org.kcyj.document.PdfTestSupport.render;
import static org.kcyj.document.PdfTestSupport.renderer;
import static org.kcyj.document.PdfTestSupport.text;
import static org.kcyj.document.PdfTestSupport.withoutWhitespace;
import static org.kcyj.document.PdfTestSupport.writeSample;

import java.io.IOException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.TextPosition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** English, digits, currency and percent signs, full-width punctuation and Chinese in one text. */
class MixedTextTest {

    static final String MIXED = "项目总经费¥1,200.00万元（其中市财政资助40%，即￥480万元），executive summary见附件3："
            + "Appendix A “Budget & Milestones”。2026年Q3完成pilot line建设，良品率≥98.5%；"
            + "per-unit cost reduced by 12.5% year-on-year. ";
    static final String LONG_WORD = "Pneumonoultramicroscopicsilicovolcanoconiosis".repeat(4);

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

    /**
     * At many widths: lines are consecutive pieces of the text (only spaces dropped at breaks),
     * fit the width, never start with closing punctuation or a percent sign, never end with
     * opening punctuation or a currency sign, and never split a Latin word or a number.
     */
    @Test
    void mixedTextBreaksOnlyWhereItMay() {
        String text = typesetter.clean(MIXED.repeat(3));
        assertThat(text).isEqualTo(MIXED.repeat(3)); // the font has every character
        float size = Layout.BODY;
        for (float width = 80; width <= 420; width += 11) {
            List<String> lines = typesetter.wrap(text, size, width);
            int at = 0;
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                while (at < text.length() && text.charAt(at) == ' ') {
                    at++; // spaces dropped at a break
                }
                assertThat(text.startsWith(line, at)).as("width %s line %d '%s'", width, i, line).isTrue();
                assertThat(typesetter.width(line, size)).as("width %s: '%s'", width, line).isLessThanOrEqualTo(width);
                if (i > 0) {
                    assertThat("，。；：、）”%.".indexOf(line.charAt(0))).as("width %s starts '%s'", width, line)
                            .isNegative();
                    String previous = lines.get(i - 1);
                    char last = previous.charAt(previous.length() - 1);
                    assertThat("（“¥￥".indexOf(last)).as("width %s ends '%s'", width, previous).isNegative();
                    boolean spaceBetween = text.charAt(at - 1) == ' ';
                    assertThat(!spaceBetween && glued(last) && glued(line.charAt(0)))
                            .as("width %s splits '%s' | '%s'", width, previous, line).isFalse();
                }
                at += line.length();
            }
            assertThat(text.substring(at).isBlank()).isTrue();
        }
    }

    private static boolean glued(char c) {
        return (c < 128 && Character.isLetterOrDigit(c)) || c == ',' || c == '.' || c == '%';
    }

    @Test
    void mixedParagraphReadsBackAndStaysInsideTheMargins() {
        String paragraph = MIXED.repeat(6).strip();
        byte[] pdf = render(DocumentContent.builder("中英文混排 Mixed text").paragraph(paragraph).build());
        writeSample("mixed-text", pdf);
        String text = text(pdf);

        assertThat(withoutWhitespace(text)).contains(withoutWhitespace(paragraph));
        String joined = text.replaceAll("\\s*\\n\\s*", " ");
        assertThat(joined).contains("executive summary", "Appendix A", "“Budget & Milestones”", "pilot line",
                "reduced by 12.5%", "¥1,200.00", "￥480", "40%", "≥98.5%");
        assertInsideMargins(pdf, 0);
    }

    /** A word wider than the line is broken between letters instead of running into the margin. */
    @Test
    void wordsLongerThanTheLineBreakInsteadOfOverflowing() {
        byte[] pdf = render(DocumentContent.builder("超长单词 Long words")
                .paragraph("Occupational disease: " + LONG_WORD + " (see annex).")
                .table(List.of("术语 Term", "说明 Note", "来源 Source"),
                        List.of(List.of(LONG_WORD, "硅肺病 silicosis", "https://example.org/" + LONG_WORD)),
                        List.of(1.0, 1.0, 1.0))
                .build());
        writeSample("long-words", pdf);

        String text = withoutWhitespace(text(pdf));
        assertThat(text).contains("Occupationaldisease:" + LONG_WORD + "(seeannex).", LONG_WORD + "硅肺病silicosis",
                "https://example.org/" + LONG_WORD);
        assertInsideMargins(pdf, 0);
        float third = Layout.WIDTH / 3;
        List<TextPosition> glyphs = glyphs(pdf, 0);
        int tableStart = 0; // the table's first header cell "术语 Term"
        while (!(glyphs.get(tableStart).getUnicode().equals("术") && glyphs.get(tableStart + 1).getUnicode().equals("语"))) {
            tableStart++;
        }
        float footerTop = Layout.PAGE.getHeight() - Layout.BOTTOM; // top-left origin
        for (TextPosition g : glyphs.subList(tableStart, glyphs.size())) {
            if (g.getYDirAdj() > footerTop) {
                continue;
            }
            for (float boundary : new float[] {Layout.LEFT + third, Layout.LEFT + 2 * third}) {
                assertThat(g.getXDirAdj() < boundary - 0.5f && g.getXDirAdj() + g.getWidthDirAdj() > boundary + 0.5f)
                        .as("'%s' crosses the column border at %s", g.getUnicode(), boundary).isFalse();
            }
        }
    }

    /**
     * 120 rows over several pages of an issued document (with the QR code on page 1): on every
     * page after the first, the first thing on the page is the table's header row, then the row
     * after the last one of the previous page.
     */
    @Test
    void tableOf120RowsRepeatsItsHeaderAtTheTopOfEveryPage() {
        byte[] pdf = renderer().render(PdfRendererTest.longDocument(120), NUMBER, ISSUER, ISSUED_AT,
                VerificationQrTest.URL);
        writeSample("table-120-rows", pdf);
        List<String> pages = pageTexts(pdf);
        String header = "序号 子课题名称 承担单位 Unit 经费（万元）";
        Pattern row = Pattern.compile("(?m)^(\\d+) 子课题 \\1 关键技术研究 宁波材料技术与工程研究所 (\\d+)$");

        assertThat(pages).hasSizeGreaterThanOrEqualTo(3);
        assertThat(pages.get(0)).contains(header + "\n1 子课题 1 ");
        int next = 1;
        for (int p = 0; p < pages.size(); p++) {
            String page = pages.get(p);
            if (p > 0) {
                assertThat(page.lines().findFirst()).as("page %d", p + 1).contains(header);
                assertThat(page.lines().skip(1).findFirst().orElseThrow()).startsWith(next + " 子课题 " + next + " ");
            }
            assertThat(page.split(Pattern.quote(header), -1)).as("one header on page %d", p + 1).hasSize(2);
            Matcher m = row.matcher(page);
            while (m.find()) {
                assertThat(Integer.parseInt(m.group(1))).isEqualTo(next);
                assertThat(Integer.parseInt(m.group(2))).isEqualTo(100 + next);
                next++;
            }
        }
        assertThat(next).isEqualTo(121);
    }

    private static void assertInsideMargins(byte[] pdf, int page) {
        List<TextPosition> glyphs = glyphs(pdf, page);
        assertThat(glyphs).isNotEmpty();
        for (TextPosition g : glyphs) {
            assertThat(g.getXDirAdj()).as("'%s' left edge", g.getUnicode()).isGreaterThanOrEqualTo(Layout.LEFT - 0.5f);
            assertThat(g.getXDirAdj() + g.getWidthDirAdj()).as("'%s' right edge", g.getUnicode())
                    .isLessThanOrEqualTo(Layout.RIGHT + 0.5f);
        }
    }
}
