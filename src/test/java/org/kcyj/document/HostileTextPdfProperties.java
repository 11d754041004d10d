package org.kcyj.document;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentCatalog;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.interactive.action.PDActionURI;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotation;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotationLink;
import org.apache.pdfbox.text.PDFTextStripper;
import org.kcyj.support.HostileText;

/**
 * Whatever text a form lets through (and more: anything at all) is printed literally in every kind of
 * block of a document and of its heading: markup, script, template, SQL and PDF syntax come out as the
 * characters they are, after the renderer's documented cleaning (control and invisible formatting
 * characters dropped, characters without a glyph as "?"), and nothing in a document acts: no
 * JavaScript, no open or additional actions, no forms, no embedded files, no link but the verification
 * QR code's.
 */
class HostileTextPdfProperties {
    private static final String URL = "https://kcyj.example/verify/" + PdfTestSupport.NUMBER;
    /** The renderer's own cleaning (which measures nothing, so needs no font loaded into a document). */
    private static final Typesetter CLEANER = new Typesetter(null, PdfTestSupport.FONT::canDisplay);
    private static final AtomicLong DOCUMENTS = new AtomicLong();
    private static final AtomicLong VALUES = new AtomicLong();

    @Example
    void everyPayloadInEveryBlock() {
        List<String> payloads = new ArrayList<>(HostileText.PAYLOADS);
        payloads.addAll(HostileText.CONTROLS);
        payloads.addAll(HostileText.INVISIBLE);
        payloads.addAll(HostileText.SURROGATES);
        payloads.addAll(HostileText.ASTRAL);
        payloads.addAll(HostileText.CHINESE);
        printedLiterally(List.of(String.join(" ", payloads), String.join("", HostileText.PAYLOADS),
                String.join("\n", payloads), "😀".repeat(300), "<script>".repeat(400), "中".repeat(2000),
                String.join(" ", HostileText.PAYLOADS.subList(0, 12)), "&amp;&lt;&#60;"));
    }

    @Property(tries = 50)
    void hostileTextIsPrintedLiterallyAndNothingActs(@ForAll("texts") List<String> texts) {
        printedLiterally(texts);
    }

    @Provide
    Arbitrary<List<String>> texts() {
        return HostileText.text().list().ofSize(8);
    }

    /** One document with the texts in its title, subtitle, heading, paragraph, tables and signature lines. */
    private static void printedLiterally(List<String> texts) {
        String title = "测试文书 " + texts.get(0);
        String subtitle = texts.get(1);
        String heading = texts.get(2);
        String paragraph = texts.get(3);
        String value = texts.get(4);
        String label = shortened(texts.get(5));
        String cell = shortened(texts.get(6));
        String signatory = texts.get(7);
        DocumentContent content = DocumentContent.builder(title).subtitle(subtitle).heading(heading).paragraph(paragraph)
                .keyValue("内容", value).keyValue(label, "").table(List.of("序号", "内容"), List.of(List.of("1", cell)))
                .signature("签字", signatory, "日期", null).build();
        byte[] pdf;
        try {
            pdf = PdfTestSupport.renderer().render(content, PdfTestSupport.NUMBER, PdfTestSupport.ISSUER,
                    PdfTestSupport.ISSUED_AT, URL);
        } catch (RuntimeException e) {
            throw new AssertionError("rendering " + texts + " threw " + e, e);
        }
        DOCUMENTS.incrementAndGet();
        VALUES.addAndGet(texts.size());
        try (PDDocument document = PdfTestSupport.load(pdf)) {
            // A long cell runs on to the next page, which repeats the table's header inside the cell's text.
            String text = bodyText(document).replace(TABLE_HEADER, "");
            String compatibleText = visible(compatible(text));
            for (String printed : List.of(CLEANER.clean(title), CLEANER.clean(subtitle),
                    CLEANER.clean(heading), CLEANER.clean(paragraph), CLEANER.clean(value), CLEANER.clean(label),
                    CLEANER.clean(cell), CLEANER.cleanLine(signatory))) {
                assertThat(text).as("the document's text").satisfiesAnyOf(
                        literal -> assertThat(literal).contains(visible(printed).replace(TABLE_HEADER, "")),
                        literal -> assertThat(compatibleText)
                                .contains(visible(compatible(printed)).replace(TABLE_HEADER, "")));
            }
            for (String put : List.of(title, subtitle, heading, paragraph, value, label, cell, signatory)) {
                if (put.codePoints().allMatch(cp -> cp >= 0x20 && cp < 0x7F)) {
                    assertThat(text).as("printable ASCII is printed as it is").contains(visible(put).replace(TABLE_HEADER, ""));
                }
            }
            nothingActs(document);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Text of all pages without the footers, which may fall inside a text that continues on the next page. */
    private static String bodyText(PDDocument document) throws IOException {
        String text = new PDFTextStripper().getText(document);
        int pages = document.getNumberOfPages();
        for (int page = 1; page <= pages; page++) {
            text = text.replace("文档编号 " + PdfTestSupport.NUMBER + "    第 " + page + " 页 / 共 " + pages + " 页", "");
        }
        return visible(text);
    }

    private static void nothingActs(PDDocument document) {
        PDDocumentCatalog catalog = document.getDocumentCatalog();
        assertThat(catalog.getCOSObject().keySet()).as("no actions, forms, JavaScript or embedded files")
                .doesNotContain(COSName.OPEN_ACTION, COSName.AA, COSName.ACRO_FORM, COSName.NAMES);
        for (PDPage page : document.getPages()) {
            assertThat(page.getCOSObject().keySet()).doesNotContain(COSName.AA);
            try {
                for (PDAnnotation annotation : page.getAnnotations()) {
                    assertThat(annotation).isInstanceOf(PDAnnotationLink.class);
                    assertThat(((PDAnnotationLink) annotation).getAction()).isInstanceOfSatisfying(PDActionURI.class,
                            uri -> assertThat(uri.getURI()).isEqualTo(URL));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Table cells and labels as long as the form fields that fill them (a few hundred characters). */
    private static String shortened(String text) {
        return text.length() <= 300 ? text : text.substring(0, 300);
    }

    /** The text without whitespace, which line breaking moves, adds and drops. */
    /** The table's header as the text reads it, on its first page and on every page the table runs on to. */
    private static final String TABLE_HEADER = "序号内容";

    /**
     * Text compared up to compatibility (NFKC) where it differs literally: a PDF's text extraction spells a ligature
     * such as U+FB01 as the letters it joins ("fi"), which is the same text, printed. NFKC may add spaces (a spacing
     * breve becomes a space and a combining one), so both sides lose their white space after it.
     */
    private static String compatible(String text) {
        return java.text.Normalizer.normalize(text, java.text.Normalizer.Form.NFKC);
    }

    private static String visible(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().filter(cp -> !Character.isWhitespace(cp) && !Character.isSpaceChar(cp)).forEach(out::appendCodePoint);
        return out.toString();
    }

    @AfterContainer
    static void summary() {
        System.out.printf("Hostile text in documents: %d documents, %d texts printed literally%n", DOCUMENTS.get(), VALUES.get());
    }
}
