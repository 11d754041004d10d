package org.kcyj.document;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.kcyj.document.PdfTestSupport.ISSUED_AT;
import static org.kcyj.document.PdfTestSupport.NUMBER;
import static org.kcyj.document.PdfTestSupport.applicationForm;
import static org.kcyj.document.PdfTestSupport.load;
import static org.kcyj.document.PdfTestSupport.pageTexts;
import static org.kcyj.document.PdfTestSupport.render;
import static org.kcyj.document.PdfTestSupport.text;
import static org.kcyj.document.PdfTestSupport.withoutWhitespace;

import java.awt.geom.Rectangle2D;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDResources;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.apache.pdfbox.text.PDFTextStripperByArea;
import org.junit.jupiter.api.Test;

class PdfRendererTest {

    @Test
    void chineseAndEnglishTextReadsBack() {
        DocumentContent content = applicationForm();
        String text = withoutWhitespace(text(render(content)));

        assertThat(text).contains(withoutWhitespace(content.title()));
        assertThat(text).contains("Applicationform·AdvancedMaterials");
        for (DocumentContent.Block block : content.blocks()) {
            if (block instanceof DocumentContent.Paragraph p) {
                assertThat(text).contains(withoutWhitespace(p.text()));
            } else if (block instanceof DocumentContent.Heading h) {
                assertThat(text).contains(withoutWhitespace(h.text()));
            } else if (block instanceof DocumentContent.KeyValueTable t) {
                t.rows().forEach(r -> assertThat(text)
                        .contains(withoutWhitespace(r.label()))
                        .contains(withoutWhitespace(r.value())));
            }
        }
        assertThat(text).contains("签发单位：宁波市科学技术局", "签发时间：2026-03-0110:30:00（北京时间）",
                "项目负责人（签字）：张三", "日期：2026-03-01", "晶界扩散工艺graindiffusion".replace("graindiffusion", "grainboundarydiffusion"));
    }

    @Test
    void latinWrapsAtSpacesAndKeepsWordsWhole() {
        String sentence = "The principal investigator shall submit the mid-term report before the deadline.";
        String english = String.join(" ", java.util.Collections.nCopies(12, sentence));
        byte[] pdf = render(DocumentContent.builder("测试").paragraph(english).build());

        List<String> lines = text(pdf).lines().filter(l -> l.matches("[ -~]+")).toList();
        assertThat(lines).hasSizeGreaterThan(3);
        // lines break at spaces (or after the hyphen of "mid-term"), never inside a word
        String rejoined = String.join("\n", lines).replace("-\n", "-").replace("\n", " ");
        assertThat(rejoined.strip()).isEqualTo(english);
        assertThat(lines).allMatch(l -> l.endsWith(".") || l.endsWith("-") || Arrays.asList(sentence.split(" "))
                .contains(l.strip().substring(l.strip().lastIndexOf(' ') + 1)));
    }

    @Test
    void chineseWrapsBetweenCharactersAndKeepsOrder() {
        String chinese = "科创甬江2035重大专项围绕新材料、工业互联网、关键核心基础件等领域，组织实施一批重大科技攻关项目。".repeat(8);
        byte[] pdf = render(DocumentContent.builder("测试").paragraph(chinese).build());

        String text = text(pdf);
        assertThat(withoutWhitespace(text)).contains(chinese);
        long lines = text.lines().filter(l -> l.contains("科") || l.contains("项")).count();
        assertThat(lines).isGreaterThan(3);
        assertThat(text.lines()).noneMatch(l -> l.startsWith("，") || l.startsWith("。") || l.startsWith("、"));
    }

    @Test
    void everyFontIsEmbeddedAsSubset() throws IOException {
        try (PDDocument document = load(render(longDocument(120)))) {
            assertThat(document.getNumberOfPages()).isGreaterThan(1);
            int fonts = 0;
            for (PDPage page : document.getPages()) {
                PDResources resources = page.getResources();
                for (COSName name : resources.getFontNames()) {
                    PDFont font = resources.getFont(name);
                    fonts++;
                    assertThat(font.isEmbedded()).as("%s embedded", font.getName()).isTrue();
                    assertThat(font.getName()).matches("[A-Z]{6}\\+WenQuanYiMicroHei");
                    assertThat(font).isInstanceOf(PDType0Font.class);
                    org.apache.pdfbox.pdmodel.font.PDCIDFont descendant = ((PDType0Font) font).getDescendantFont();
                    assertThat(descendant.isEmbedded()).isTrue();
                    assertThat(descendant.getBaseFont()).matches("[A-Z]{6}\\+.*");
                }
            }
            assertThat(fonts).isGreaterThanOrEqualTo(document.getNumberOfPages());
        }
    }

    @Test
    void longDocumentHasPageXOfYFootersAndRepeatsTableHeader() {
        byte[] pdf = render(longDocument(120));
        List<String> pages = pageTexts(pdf);

        assertThat(pages).hasSizeGreaterThanOrEqualTo(3);
        int total = pages.size();
        for (int i = 0; i < total; i++) {
            assertThat(pages.get(i)).contains("文档编号 " + NUMBER + "    第 " + (i + 1) + " 页 / 共 " + total + " 页");
        }
        assertThat(pages.get(0)).contains("第 1 页 / 共 " + total + " 页");
        for (int i = 1; i < total; i++) {
            String page = pages.get(i);
            assertThat(page).as("page %d repeats the header", i + 1).contains("序号", "承担单位 Unit", "经费（万元）");
            int header = page.indexOf("承担单位 Unit");
            int firstRow = page.indexOf("关键技术研究");
            assertThat(header).as("header before the rows on page %d", i + 1).isLessThan(firstRow);
        }
        // every row made it, in order
        String all = String.join("", pages);
        int last = -1;
        for (int r = 1; r <= 120; r++) {
            int at = all.indexOf("子课题 " + r + " ");
            assertThat(at).as("row %d", r).isGreaterThan(last);
            last = at;
        }
    }

    @Test
    void exactlyThreePagesGiveThreeFooters() {
        int rows = 10;
        byte[] pdf = render(longDocument(rows));
        while (pageTexts(pdf).size() < 3) {
            rows += 10;
            pdf = render(longDocument(rows));
        }
        List<String> pages = pageTexts(pdf);
        assertThat(pages).hasSize(3);
        assertThat(pages.get(0)).contains("第 1 页 / 共 3 页");
        assertThat(pages.get(1)).contains("第 2 页 / 共 3 页").contains("序号");
        assertThat(pages.get(2)).contains("第 3 页 / 共 3 页");
    }

    @Test
    void longKeyValueTableWrapsValuesAndContinuesOnNextPage() {
        DocumentContent.Builder builder = DocumentContent.builder("项目任务书");
        String longValue = "考核指标：".concat("矫顽力不低于 25 kOe，最大磁能积不低于 50 MGOe；".repeat(12));
        for (int i = 1; i <= 40; i++) {
            builder.keyValue("指标 " + i, longValue);
        }
        List<String> pages = pageTexts(render(builder.build()));

        assertThat(pages).hasSizeGreaterThan(2);
        String all = withoutWhitespace(String.join("", pages));
        for (int i = 1; i <= 40; i++) {
            assertThat(all).contains("指标" + i + withoutWhitespace(longValue).substring(0, 20));
        }
        assertThat(all).contains(withoutWhitespace(longValue));
    }

    @Test
    void aHeadingStaysOnThePageWhereItsTableStarts() {
        List<String> firstRow = List.of("1", "第一行的内容较长，需要折成好几行才能放下：".repeat(4), "甲");
        // fill the first page a line at a time so that the heading meets every possible page end
        for (int filler = 20; filler <= 48; filler++) {
            DocumentContent content = DocumentContent.builder("分页测试")
                    .paragraph(String.join("\n", java.util.Collections.nCopies(filler, "填充行")))
                    .heading("二、表决结果 Outcome")
                    .table(List.of("排名", "项目名称 Title", "备注"), List.of(firstRow, List.of("2", "第二行", "乙")))
                    .heading("三、说明")
                    .keyValue("第一项说明", "内容")
                    .build();
            List<String> pages = pageTexts(render(content));
            for (String heading : List.of("二、表决结果 Outcome", "三、说明")) {
                String page = pages.stream().filter(p -> p.contains(heading)).findFirst().orElseThrow();
                String after = page.substring(page.indexOf(heading) + heading.length());
                assertThat(withoutWhitespace(after)).as("%s with %d filler lines", heading, filler)
                        .contains(heading.startsWith("二") ? "排名项目名称Title备注1第一行的内容较长" : "第一项说明内容");
            }
        }
    }

    @Test
    void aTableRowTallerThanAPageDoesNotPushItsHeadingAway() {
        String huge = "很长的内容。".repeat(900);
        byte[] pdf = render(DocumentContent.builder("超长表格").paragraph("前言").heading("一、明细")
                .table(List.of("序号", "内容"), List.of(List.of("1", huge))).build());
        assertThat(pageTexts(pdf).get(0)).contains("前言", "一、明细", "序号 内容");
    }

    @Test
    void rowTallerThanAPageIsSplitAcrossPages() {
        String huge = "很长的内容。".repeat(900);
        byte[] pdf = render(DocumentContent.builder("超长表格").table(List.of("序号", "内容"),
                List.of(List.of("1", huge), List.of("2", "短"))).build());
        List<String> pages = pageTexts(pdf);

        assertThat(pages).hasSizeGreaterThan(2);
        StringBuilder body = new StringBuilder();
        for (String page : pages) {
            assertThat(page).contains("序号");
            page.lines().filter(l -> !l.startsWith("文档编号") && !l.startsWith("签发") && !l.equals("序号 内容")
                    && !l.equals("超长表格")).forEach(body::append);
        }
        assertThat(withoutWhitespace(body.toString())).isEqualTo("1" + huge + "2短");
    }

    @Test
    void metadataHasTitleAndNumberButNoAuthor() throws IOException {
        try (PDDocument document = load(render(applicationForm()))) {
            PDDocumentInformation info = document.getDocumentInformation();
            assertThat(info.getTitle()).isEqualTo("科创甬江2035重大专项项目申报书");
            assertThat(info.getSubject()).isEqualTo(NUMBER);
            assertThat(info.getProducer()).isEqualTo("KCYJ Programme Management");
            assertThat(info.getCreator()).isEqualTo("KCYJ Programme Management");
            assertThat(info.getCreationDate().toInstant()).isEqualTo(ISSUED_AT);
            assertThat(info.getAuthor()).isNull();
            assertThat(info.getKeywords()).isNull();
            assertThat(info.getCOSObject().containsKey(COSName.AUTHOR)).isFalse();
            assertThat(document.getDocumentCatalog().getMetadata()).isNull(); // no XMP that could carry a name
            assertThat(document.getDocumentCatalog().getLanguage()).isEqualTo("zh-CN");
            assertThat(document.getPage(0).getMediaBox().getWidth()).isCloseTo(595.28f, org.assertj.core.data.Offset.offset(0.5f));
        }
    }

    @Test
    void documentNumberIsAtTheTopRightOfTheFirstPage() throws IOException {
        try (PDDocument document = load(render(applicationForm()))) {
            PDPage first = document.getPage(0);
            float width = first.getMediaBox().getWidth();
            PDFTextStripperByArea stripper = new PDFTextStripperByArea();
            // PDFTextStripperByArea uses a top-left origin
            stripper.addRegion("topRight", new Rectangle2D.Float(width / 2, 0, width / 2, 100));
            stripper.addRegion("topLeft", new Rectangle2D.Float(0, 0, width / 2, 100));
            stripper.extractRegions(first);
            assertThat(stripper.getTextForRegion("topRight")).contains(NUMBER);
            assertThat(stripper.getTextForRegion("topLeft")).doesNotContain(NUMBER);
        }
    }

    @Test
    void markupIsPrintedLiterally() {
        String script = "<script>alert(1)</script>";
        byte[] pdf = render(DocumentContent.builder("标题 <b>不加粗</b>").paragraph(script)
                .keyValue("<i>label</i>", "a & b < c").table(List.of("<th>"), List.of(List.of("<td>&amp;</td>"))).build());
        String text = text(pdf);

        assertThat(text).contains(script, "标题 <b>不加粗</b>", "<i>label</i>", "a & b < c", "<th>", "<td>&amp;</td>");
    }

    @Test
    void controlCharactersAreDroppedAndMissingGlyphsBecomeQuestionMarks() {
        String nasty = "A\u0000B\u0007C\u001b[31m 表情😀 D\u200Bend \uD800 \u2028next 𠀀 e\u0301 tab\there";
        byte[] pdf = render(DocumentContent.builder("控制字符\u0000测试 😀").subtitle("\u0001sub")
                .heading(nasty).paragraph(nasty).keyValue(nasty, nasty)
                .table(List.of(nasty), List.of(List.of(nasty))).signature(nasty, nasty, nasty, null).build());
        String text = text(pdf);

        assertThat(text).doesNotContain("\u0000", "\u0007", "\u001b", "\u200B", "😀");
        assertThat(text).contains("ABC[31m 表情? Dend ?", "next ? é tab here", "控制字符测试 ?");
    }

    @Test
    void emptyAndMinimalContentRenders() {
        assertThatCode(() -> render(DocumentContent.builder("仅标题").build())).doesNotThrowAnyException();
        byte[] pdf = render(DocumentContent.builder("空").paragraph("").keyValue("", null)
                .table(List.of("列"), List.of()).signature("签字", null, "日期", null).build());
        assertThat(text(pdf)).contains("签字：", "日期：", "列");
    }

    @Test
    void sameInputGivesIdenticalBytes() {
        assertThat(render(applicationForm())).isEqualTo(render(applicationForm()));
    }

    /** A document whose data table spans several pages. */
    static DocumentContent longDocument(int rows) {
        return DocumentContent.builder("科创甬江2035重大专项经费预算表")
                .subtitle("Budget")
                .paragraph("以下为各子课题经费预算。")
                .table(List.of("序号", "子课题名称", "承担单位 Unit", "经费（万元）"),
                        IntStream.rangeClosed(1, rows)
                                .mapToObj(i -> List.of(String.valueOf(i), "子课题 " + i + " 关键技术研究",
                                        "宁波材料技术与工程研究所", String.valueOf(100 + i)))
                                .toList())
                .build();
    }
}
