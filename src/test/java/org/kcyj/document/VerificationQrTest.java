package org.kcyj.document;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;
import static org.kcyj.document.PdfTestSupport.ISSUED_AT;
import static org.kcyj.document.PdfTestSupport.ISSUER;
import static org.kcyj.document.PdfTestSupport.NUMBER;
import static org.kcyj.document.PdfTestSupport.applicationForm;
import static org.kcyj.document.PdfTestSupport.decodeQr;
import static org.kcyj.document.PdfTestSupport.glyphs;
import static org.kcyj.document.PdfTestSupport.image;
import static org.kcyj.document.PdfTestSupport.load;
import static org.kcyj.document.PdfTestSupport.renderer;
import static org.kcyj.document.PdfTestSupport.text;
import static org.kcyj.document.PdfTestSupport.withoutWhitespace;
import static org.kcyj.document.PdfTestSupport.writeSample;

import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.List;
import java.util.Map;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.Result;
import com.google.zxing.ResultPoint;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import org.apache.pdfbox.contentstream.operator.Operator;
import org.apache.pdfbox.pdfparser.PDFStreamParser;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.interactive.action.PDActionURI;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotation;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotationLink;
import org.apache.pdfbox.text.TextPosition;
import org.junit.jupiter.api.Test;

/** The QR code of the verification page on the first page of issued documents. */
class VerificationQrTest {

    static final String URL = "https://kcyj.kjj.ningbo.example/verify/" + NUMBER;

    private static byte[] renderWithQr(DocumentContent content, String number, String issuer, String url) {
        return renderer().render(content, number, issuer, ISSUED_AT, url);
    }

    @Test
    void qrCodeDecodesToTheVerificationUrlAndTheTitleStaysIntact() throws Exception {
        byte[] pdf = renderWithQr(applicationForm(), NUMBER, ISSUER, URL);
        writeSample("issued-with-qr", pdf);

        BufferedImage page = image(pdf, 0, 200);
        Result result = decode(page);
        assertThat(result.getText()).isEqualTo(URL);
        // top right: every finder pattern in the right quarter and the top fifth of the page
        for (ResultPoint point : result.getResultPoints()) {
            assertThat(point.getX()).isGreaterThan(page.getWidth() * 0.75f);
            assertThat(point.getY()).isLessThan(page.getHeight() * 0.2f);
        }
        String text = text(pdf);
        assertThat(text).contains("科创甬江2035重大专项项目申报书\n", "Application form · Advanced Materials",
                PdfRenderer.QR_CAPTION, "文档编号：" + NUMBER, "签发单位：" + ISSUER);
    }

    @Test
    void qrCodeIsAboutTwentyTwoMillimetresAndClickable() throws IOException {
        try (PDDocument document = load(renderWithQr(applicationForm(), NUMBER, ISSUER, URL))) {
            List<PDAnnotation> annotations = document.getPage(0).getAnnotations();
            assertThat(annotations).hasSize(1);
            PDAnnotationLink link = (PDAnnotationLink) annotations.get(0);
            assertThat(((PDActionURI) link.getAction()).getURI()).isEqualTo(URL);
            float side = link.getRectangle().getWidth() / Layout.MM;
            assertThat(side).isBetween(21.9f, 25f);
            assertThat(link.getRectangle().getHeight()).isCloseTo(link.getRectangle().getWidth(), offset(0.01f));
            assertThat(link.getRectangle().getUpperRightX()).isCloseTo(Layout.RIGHT, offset(0.01f));
            for (int i = 1; i < document.getNumberOfPages(); i++) {
                assertThat(document.getPage(i).getAnnotations()).isEmpty();
            }
        }
    }

    /**
     * No glyph may touch the symbol or its quiet zone, however long the number, issuer or title:
     * the text beside the code is narrowed (and the number moves left when it would squeeze the
     * issuer column), and the rule and title start below the caption.
     */
    @Test
    void noTextTouchesTheCodeOrItsQuietZone() {
        String longNumber = "KCYJ2026-XCL-0007-ABCDEFGHIJKLMNOPQRSTUV-SBS-12";
        String longIssuer = "宁波市科学技术局（宁波市外国专家局）科创甬江2035重大专项管理办公室 Ningbo Science and Technology Bureau";
        String longTitle = "科创甬江2035重大专项高性能稀土永磁材料关键制备技术研究与产业化示范项目立项通知书";
        List<byte[]> variants = List.of(
                renderWithQr(applicationForm(), NUMBER, ISSUER, URL),
                renderWithQr(DocumentContent.builder(longTitle).subtitle("Approval notice").paragraph("正文").build(),
                        longNumber, longIssuer, "https://kcyj.kjj.ningbo.example/verify/" + longNumber));
        writeSample("issued-with-qr-long-header", variants.get(1));

        for (byte[] pdf : variants) {
            float pageHeight = Layout.PAGE.getHeight();
            String url = decodeQr(image(pdf, 0, 200)).orElseThrow();
            int modules = QrCode.encode(url).modules();
            float quiet = QrCode.QUIET_ZONE * PdfRenderer.QR_SIDE / modules;
            // symbol plus quiet zone, in the top-left-origin coordinates text extraction uses
            Rectangle2D.Float keepClear = new Rectangle2D.Float(Layout.RIGHT - PdfRenderer.QR_SIDE - quiet,
                    pageHeight - Layout.TOP - quiet, PdfRenderer.QR_SIDE + 2 * quiet, PdfRenderer.QR_SIDE + 2 * quiet);
            List<TextPosition> glyphs = glyphs(pdf, 0);
            assertThat(glyphs).isNotEmpty();
            for (TextPosition g : glyphs) {
                Rectangle2D.Float box = new Rectangle2D.Float(g.getXDirAdj(), g.getYDirAdj() - g.getHeightDir(),
                        g.getWidthDirAdj(), g.getHeightDir());
                assertThat(box.intersects(keepClear)).as("glyph '%s' at %s", g.getUnicode(), box).isFalse();
            }
            String text = text(pdf);
            assertThat(text).contains(PdfRenderer.QR_CAPTION);
        }
        String text = withoutWhitespace(text(variants.get(1)));
        assertThat(text).contains(withoutWhitespace(longTitle), "文档编号：" + longNumber,
                withoutWhitespace("签发单位：" + longIssuer));
    }

    @Test
    void withoutUrlThereIsNoCode() throws IOException {
        byte[] pdf = PdfTestSupport.render(applicationForm());

        assertThat(decodeQr(image(pdf, 0, 200))).isEmpty();
        assertThat(text(pdf)).doesNotContain(PdfRenderer.QR_CAPTION);
        try (PDDocument document = load(pdf)) {
            assertThat(document.getPage(0).getAnnotations()).isEmpty();
        }
    }

    /** Vector rectangles, one per run of dark modules in a row: no image, a small content stream. */
    @Test
    void codeIsDrawnAsOneRectanglePerRunOfDarkModules() throws IOException {
        DocumentContent content = DocumentContent.builder("回执").paragraph("正文").build();
        QrCode code = QrCode.encode(URL);
        int runs = 0;
        int dark = 0;
        for (int y = 0; y < code.modules(); y++) {
            for (int x = 0; x < code.modules(); x++) {
                dark += code.dark(x, y) ? 1 : 0;
                if (code.dark(x, y) && (x == 0 || !code.dark(x - 1, y))) {
                    runs++;
                }
            }
        }
        int withCode = rectangles(renderWithQr(content, NUMBER, ISSUER, URL));
        int without = rectangles(PdfTestSupport.render(content));

        assertThat(withCode - without).isEqualTo(runs);
        assertThat(runs).isLessThan(dark * 2 / 3); // merging saves at least a third of the rectangles
        try (PDDocument document = load(renderWithQr(content, NUMBER, ISSUER, URL))) {
            assertThat(document.getPage(0).getResources().getXObjectNames()).isEmpty();
        }
    }

    @Test
    void onlyAsciiTextIsEncoded() {
        assertThat(QrCode.encode(URL).text()).isEqualTo(URL);
        assertThatThrownBy(() -> QrCode.encode("https://例子.cn/verify/1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> QrCode.encode("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> renderWithQr(applicationForm(), NUMBER, ISSUER, " "))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void baseUrlIsNormalisedOrRefused() {
        assertThat(DocumentService.normaliseBaseUrl("https://kcyj.example.cn/")).isEqualTo("https://kcyj.example.cn");
        assertThat(DocumentService.normaliseBaseUrl(" http://localhost:8080 ")).isEqualTo("http://localhost:8080");
        assertThat(DocumentService.normaliseBaseUrl("https://example.cn/kcyj//")).isEqualTo("https://example.cn/kcyj");
        for (String bad : new String[] {"", "  ", "kcyj.example.cn", "/verify", "ftp://example.cn",
                "https://example.cn/?a=1", "https://example.cn/#x", "http://exa mple.cn"}) {
            assertThatThrownBy(() -> DocumentService.normaliseBaseUrl(bad)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    private static Result decode(BufferedImage image) throws Exception {
        int w = image.getWidth();
        int h = image.getHeight();
        RGBLuminanceSource source = new RGBLuminanceSource(w, h, image.getRGB(0, 0, w, h, null, 0, w));
        return new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(source)),
                Map.of(DecodeHintType.TRY_HARDER, Boolean.TRUE));
    }

    /** Number of {@code re} operators in the first page's content stream. */
    private static int rectangles(byte[] pdf) throws IOException {
        try (PDDocument document = load(pdf)) {
            PDPage page = document.getPage(0);
            int count = 0;
            for (Object token : new PDFStreamParser(page).parse()) {
                if (token instanceof Operator op && op.getName().equals("re")) {
                    count++;
                }
            }
            return count;
        }
    }
}
