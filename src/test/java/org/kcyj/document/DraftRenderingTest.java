package org.kcyj.document;

import static org.assertj.core.api.Assertions.assertThat;
import static org.kcyj.document.PdfTestSupport.ISSUED_AT;
import static org.kcyj.document.PdfTestSupport.ISSUER;
import static org.kcyj.document.PdfTestSupport.NUMBER;
import static org.kcyj.document.PdfTestSupport.applicationForm;
import static org.kcyj.document.PdfTestSupport.decodeQr;
import static org.kcyj.document.PdfTestSupport.image;
import static org.kcyj.document.PdfTestSupport.load;
import static org.kcyj.document.PdfTestSupport.pageTexts;
import static org.kcyj.document.PdfTestSupport.renderer;
import static org.kcyj.document.PdfTestSupport.withoutWhitespace;
import static org.kcyj.document.PdfTestSupport.writeSample;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.List;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.junit.jupiter.api.Test;

/** Drafts ({@link PdfRenderer#renderDraft}): no number, no QR code, a watermark on every page. */
class DraftRenderingTest {

    private static byte[] draft(DocumentContent content) {
        return renderer().renderDraft(content, ISSUER, ISSUED_AT);
    }

    /** The long budget table, with as many rows as make exactly three pages. */
    static DocumentContent threePages() {
        for (int rows = 10; ; rows += 5) {
            DocumentContent content = PdfRendererTest.longDocument(rows);
            if (pageTexts(draft(content)).size() == 3) {
                return content;
            }
        }
    }

    @Test
    void everyPageOfAThreePageDraftCarriesTheWatermarkAndNoNumber() {
        byte[] pdf = draft(threePages());
        writeSample("draft-three-pages", pdf);
        List<String> pages = pageTexts(pdf);

        assertThat(pages).hasSize(3);
        for (int i = 0; i < 3; i++) {
            String page = pages.get(i);
            // diagonal text comes out of extraction in order but broken into short lines
            assertThat(withoutWhitespace(page)).as("page %d", i + 1).contains("草稿DRAFT·未提交Notsubmitted");
            assertThat(page).contains("文档编号 草稿 DRAFT    第 " + (i + 1) + " 页 / 共 3 页");
            assertThat(page).doesNotContain("KCYJ");
        }
        assertThat(pages.get(0)).contains("文档编号：草稿 DRAFT", "签发单位：" + ISSUER, "预览时间：2026-03-01 10:30:00")
                .doesNotContain("签发时间");
        // the content itself is all there, in order, with the table header on each page
        assertThat(pages.get(1)).contains("序号", "承担单位 Unit");
        assertThat(pages.get(2)).contains("序号", "承担单位 Unit");
    }

    @Test
    void draftHasNoQrCodeAndNoNumberInItsMetadata() throws IOException {
        byte[] pdf = draft(applicationForm());

        assertThat(decodeQr(image(pdf, 0, 200))).isEmpty();
        assertThat(PdfTestSupport.text(pdf)).doesNotContain(PdfRenderer.QR_CAPTION);
        try (PDDocument document = load(pdf)) {
            PDDocumentInformation info = document.getDocumentInformation();
            assertThat(info.getTitle()).isEqualTo(applicationForm().title());
            assertThat(info.getSubject()).isNull();
            assertThat(info.getAuthor()).isNull();
            assertThat(document.getPage(0).getAnnotations()).isEmpty();
        }
        assertThat(draft(applicationForm())).isEqualTo(pdf); // deterministic like issued documents
    }

    /**
     * The watermark reads as if printed under the text: where it crosses text, the text stays as
     * dark as in the same page without watermark (an opaque light watermark on top would lighten
     * the strokes it covers), and the watermark itself is light grey, never near black.
     */
    @Test
    void watermarkIsLightAndLeavesTheTextAsDarkAsBefore() {
        DocumentContent content = DocumentContent.builder("科创甬江2035重大专项项目申报书")
                .paragraph("本项目面向新能源汽车驱动电机对高矫顽力、低重稀土永磁材料的需求，研究晶界扩散等关键技术。".repeat(30))
                .build();
        byte[] draft = draft(content);
        byte[] issued = renderer().render(content, NUMBER, ISSUER, ISSUED_AT);
        writeSample("draft-dense-text", draft);
        BufferedImage withMark = image(draft, 0, 100);
        BufferedImage without = image(issued, 0, 100);

        // the body, below the header lines that differ between draft and issued document
        int top = withMark.getHeight() / 5;
        int bottom = withMark.getHeight() * 9 / 10;
        int darkWith = 0;
        int darkWithout = 0;
        int darkened = 0;
        int tooDark = 0;
        int lighter = 0;
        for (int y = top; y < bottom; y++) {
            for (int x = 0; x < withMark.getWidth(); x++) {
                int a = gray(withMark.getRGB(x, y));
                int b = gray(without.getRGB(x, y));
                darkWith += a < 100 ? 1 : 0;
                darkWithout += b < 100 ? 1 : 0;
                if (b == 255 && a < 250) {
                    darkened++; // paper covered by the watermark
                    tooDark += a < 180 ? 1 : 0;
                }
                lighter += a > b + 2 ? 1 : 0;
            }
        }
        assertThat(lighter).as("pixels lighter than without watermark").isZero();
        assertThat(darkened).as("watermark visible").isGreaterThan(5_000);
        assertThat(tooDark).as("watermark pixels darker than light grey").isZero();
        assertThat(darkWith).isBetween(darkWithout, darkWithout + darkWithout / 50);
    }

    private static int gray(int rgb) {
        int r = (rgb >> 16) & 0xff;
        int g = (rgb >> 8) & 0xff;
        int b = rgb & 0xff;
        return (r * 299 + g * 587 + b * 114) / 1000;
    }
}
