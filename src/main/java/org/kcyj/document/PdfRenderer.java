package org.kcyj.document;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Calendar;
import java.util.GregorianCalendar;
import java.util.List;
import java.util.Objects;
import java.util.TimeZone;

import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSString;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.apache.pdfbox.pdmodel.graphics.blend.BlendMode;
import org.apache.pdfbox.pdmodel.graphics.state.PDExtendedGraphicsState;
import org.apache.pdfbox.pdmodel.graphics.state.RenderingMode;
import org.apache.pdfbox.pdmodel.interactive.action.PDActionURI;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotationLink;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDBorderStyleDictionary;
import org.apache.pdfbox.pdmodel.interactive.viewerpreferences.PDViewerPreferences;
import org.apache.pdfbox.util.Matrix;
import org.springframework.stereotype.Component;

import org.kcyj.document.DocumentContent.Block;
import org.kcyj.document.DocumentContent.DataTable;
import org.kcyj.document.DocumentContent.Heading;
import org.kcyj.document.DocumentContent.KeyValueTable;
import org.kcyj.document.DocumentContent.Paragraph;
import org.kcyj.document.DocumentContent.SignatureLine;

/**
 * Lays out a {@link DocumentContent} on A4 pages and writes the PDF: document number top right of
 * the first page (beside the QR code of the verification page, when given), issuer and issue time,
 * centred title, the blocks, and on every page the footer "文档编号 … 第 x 页 / 共 y 页". Drafts
 * ({@link #renderDraft}) show "草稿 DRAFT" instead of a number and carry a diagonal watermark. The
 * font is embedded as a subset; the metadata carries title, document number (as subject), producer
 * and date, and deliberately no author (reviewer anonymity).
 *
 * <p>Output is deterministic: the same input gives byte-identical PDFs (the trailer ID is derived
 * from the document number and issue time instead of the clock).
 */
@Component
class PdfRenderer {

    /** Time zone in which dates are shown to people. */
    static final ZoneId DISPLAY_ZONE = ZoneId.of("Asia/Shanghai");
    static final String PRODUCER = "KCYJ Programme Management";
    static final DateTimeFormatter ISSUED_AT_FORMAT =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(DISPLAY_ZONE);
    /** Printed instead of the document number on drafts. */
    static final String DRAFT_LABEL = "草稿 DRAFT";
    /** Diagonal watermark on every page of a draft. */
    static final String WATERMARK = "草稿 DRAFT · 未提交 Not submitted";
    /** Printed before the check code, beside the QR code. */
    static final String CHECK_CODE_LABEL = "核验码 Check code：";
    /** Caption under the verification QR code. */
    static final String QR_CAPTION = "扫码核验 Scan to verify";
    /** Side of the QR symbol without its quiet zone. */
    static final float QR_SIDE = 22 * Layout.MM;
    private static final float QR_CAPTION_SIZE = 6.5f;
    /** Extra space between the QR code's quiet zone and the text beside it. */
    private static final float QR_GAP = 6f;
    private static final float WATERMARK_MAX_SIZE = 60f;
    private static final float WATERMARK_GRAY = 0.55f;
    private static final float WATERMARK_OPACITY = 0.3f;

    private final DocumentFont documentFont;

    PdfRenderer(DocumentFont documentFont) {
        this.documentFont = documentFont;
    }

    /** Rendering without a verification QR code; see {@link #render(DocumentContent, String, String, Instant, String)}. */
    byte[] render(DocumentContent content, String number, String issuer, Instant issuedAt) {
        return render(content, number, issuer, issuedAt, null);
    }

    /**
     * Renders an issued document.
     *
     * @param content         what to print
     * @param number          document number, printed top right and in every footer
     * @param issuer          issuing body, printed at the top left of the first page
     * @param issuedAt        issue time, printed in Beijing time and used as PDF creation date
     * @param verificationUrl URL of the document's public verification page, printed as a QR code
     *                        at the top right of the first page (ASCII); {@code null} for no QR code
     * @return the PDF
     */
    byte[] render(DocumentContent content, String number, String issuer, Instant issuedAt, String verificationUrl) {
        return render(content, number, issuer, issuedAt, verificationUrl, null);
    }

    /**
     * Renders an issued document with its check code (核验码), printed beside the QR code: what anyone
     * holding the document types on the verification page to see an internal document's record.
     *
     * @param checkCode the code as printed, e.g. {@code 7KQ2M-9XD4T}; {@code null} for none (public documents)
     */
    byte[] render(DocumentContent content, String number, String issuer, Instant issuedAt, String verificationUrl,
                  String checkCode) {
        Objects.requireNonNull(number, "number");
        if (verificationUrl != null && verificationUrl.isBlank()) {
            throw new IllegalArgumentException("verificationUrl must be null or not blank");
        }
        return render(content, new Identity(number, verificationUrl, checkCode), issuer, issuedAt);
    }

    /**
     * Renders an unregistered draft: the same layout as an issued document, but "草稿 DRAFT" where
     * the number goes, the preview time instead of an issue time, no QR code, and the watermark
     * {@value #WATERMARK} across every page.
     */
    byte[] renderDraft(DocumentContent content, String issuer, Instant previewedAt) {
        return render(content, new Identity(null, null, null), issuer, previewedAt);
    }

    private byte[] render(DocumentContent content, Identity identity, String issuer, Instant at) {
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(at, "at");
        try (PDDocument document = new PDDocument()) {
            PDType0Font font = documentFont.loadInto(document);
            Typesetter typesetter = new Typesetter(font, documentFont::canDisplay);
            Layout layout = new Layout(document, font, typesetter);
            PDRectangle qrArea;
            try {
                layout.newPage();
                qrArea = firstPageHeader(layout, typesetter, content, identity, issuer, at);
                List<Block> blocks = content.blocks();
                for (int i = 0; i < blocks.size(); i++) {
                    block(layout, blocks.get(i), i + 1 < blocks.size() ? blocks.get(i + 1) : null);
                }
            } finally {
                layout.closePage();
            }
            if (qrArea != null) {
                link(document.getPage(0), qrArea, identity.verificationUrl());
            }
            pageFurniture(document, font, typesetter, identity);
            metadata(document, typesetter.cleanLine(content.title()), identity, at);
            ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
            document.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot render document " + identity.label(), e);
        }
    }

    /** An issued document's number and optional verification URL, or ({@code number == null}) a draft. */
    private record Identity(String number, String verificationUrl, String checkCode) {
        boolean draft() {
            return number == null;
        }

        /** What is printed where the document number goes. */
        String label() {
            return draft() ? DRAFT_LABEL : number;
        }
    }

    // ---------------------------------------------------------------- page furniture

    /**
     * Number, issuer and time above a rule, then the centred title. With a verification URL the QR
     * code sits at the top right with its caption below, and the text beside it is narrowed so
     * nothing overlaps it; the rule and title start below the caption.
     *
     * @return the QR symbol's area, or {@code null} if there is none
     */
    private static PDRectangle firstPageHeader(Layout layout, Typesetter ts, DocumentContent content,
                                               Identity identity, String issuer, Instant at) throws IOException {
        float size = Layout.SMALL;
        float leading = size * 1.5f;
        QrCode qr = identity.verificationUrl() == null ? null : QrCode.encode(identity.verificationUrl());
        float module = qr == null ? 0 : QR_SIDE / qr.modules();
        float quiet = QrCode.QUIET_ZONE * module;
        float textRight = qr == null ? Layout.RIGHT : Layout.RIGHT - QR_SIDE - quiet - QR_GAP;
        float textWidth = textRight - Layout.LEFT;

        String numberText = "文档编号：" + ts.cleanLine(identity.label());
        float numberWidth = ts.width(numberText, size);
        // The number goes top right; beside a QR code only if the issuer column keeps a usable width.
        boolean numberTopRight = qr == null || textWidth - numberWidth - 12 >= Layout.WIDTH / 3;
        float leftWidth = !numberTopRight ? textWidth
                : qr == null ? Math.max(Layout.WIDTH - numberWidth - 12, Layout.WIDTH / 3)
                : textWidth - numberWidth - 12;
        List<String> left = new ArrayList<>();
        if (!numberTopRight) {
            left.addAll(ts.wrap(numberText, size, leftWidth));
        }
        left.addAll(ts.wrap("签发单位：" + ts.cleanLine(issuer), size, leftWidth));
        String timeLabel = identity.draft() ? "预览时间：" : "签发时间：";
        left.addAll(ts.wrap(timeLabel + ISSUED_AT_FORMAT.format(at) + "（北京时间）", size, leftWidth));
        if (identity.checkCode() != null) {
            left.addAll(ts.wrap(CHECK_CODE_LABEL + ts.cleanLine(identity.checkCode()), size, leftWidth));
        }

        float top = layout.y();
        if (numberTopRight) {
            layout.text(textRight - numberWidth, layout.baseline(top, size, leading), size, numberText, false, 0f);
        }
        float y = top;
        for (String line : left) {
            layout.text(Layout.LEFT, layout.baseline(y, size, leading), size, line, false, 0.3f);
            y -= leading;
        }
        PDRectangle qrArea = null;
        if (qr != null) {
            float qrLeft = Layout.RIGHT - QR_SIDE;
            layout.qr(qr, qrLeft, top, QR_SIDE);
            qrArea = new PDRectangle(qrLeft, top - QR_SIDE, QR_SIDE, QR_SIDE);
            // caption centred under the symbol, below its quiet zone
            float captionWidth = ts.width(QR_CAPTION, QR_CAPTION_SIZE);
            float captionLeading = QR_CAPTION_SIZE * 1.4f;
            float captionTop = top - QR_SIDE - quiet;
            float captionX = Math.min(qrLeft + (QR_SIDE - captionWidth) / 2, Layout.RIGHT + quiet - captionWidth);
            layout.text(captionX, layout.baseline(captionTop, QR_CAPTION_SIZE, captionLeading), QR_CAPTION_SIZE,
                    QR_CAPTION, false, 0.3f);
            y = Math.min(y, captionTop - captionLeading);
        }
        y -= 4;
        layout.rule(y, 0.6f, 0.5f);
        layout.moveTo(y - 14);

        for (String line : ts.wrap(ts.clean(content.title()), Layout.TITLE, Layout.WIDTH)) {
            layout.centred(line, Layout.TITLE, Layout.TITLE * 1.45f, true, 0f);
        }
        if (content.subtitle() != null) {
            layout.space(2);
            for (String line : ts.wrap(ts.clean(content.subtitle()), Layout.SUBTITLE, Layout.WIDTH)) {
                layout.centred(line, Layout.SUBTITLE, Layout.SUBTITLE * 1.5f, false, 0.3f);
            }
        }
        layout.space(14);
        return qrArea;
    }

    /** Makes the QR code clickable for on-screen readers of the PDF. */
    private static void link(PDPage page, PDRectangle area, String url) throws IOException {
        PDActionURI action = new PDActionURI();
        action.setURI(url);
        PDBorderStyleDictionary noBorder = new PDBorderStyleDictionary();
        noBorder.setWidth(0);
        PDAnnotationLink link = new PDAnnotationLink();
        link.setRectangle(area);
        link.setBorderStyle(noBorder);
        link.setAction(action);
        link.setPrinted(true);
        page.getAnnotations().add(link);
    }

    /** Footer on every page, and the draft watermark on every page of a draft. */
    private static void pageFurniture(PDDocument document, PDType0Font font, Typesetter ts, Identity identity)
            throws IOException {
        int total = document.getNumberOfPages();
        float size = Layout.SMALL;
        for (int i = 0; i < total; i++) {
            PDPage page = document.getPage(i);
            String text = "文档编号 " + ts.cleanLine(identity.label()) + "    第 " + (i + 1) + " 页 / 共 " + total + " 页";
            float width = ts.width(text, size);
            try (PDPageContentStream cs = new PDPageContentStream(document, page,
                    PDPageContentStream.AppendMode.APPEND, true, true)) {
                cs.setStrokingColor(0.6f);
                cs.setLineWidth(0.5f);
                cs.moveTo(Layout.LEFT, Layout.FOOTER_RULE_Y);
                cs.lineTo(Layout.RIGHT, Layout.FOOTER_RULE_Y);
                cs.stroke();
                cs.beginText();
                cs.setFont(font, size);
                cs.setNonStrokingColor(0.3f);
                cs.newLineAtOffset(Layout.LEFT + (Layout.WIDTH - width) / 2, Layout.FOOTER_BASELINE);
                cs.showText(text);
                cs.endText();
                if (identity.draft()) {
                    watermark(cs, font, ts);
                }
            }
        }
    }

    /**
     * Light grey text along the page diagonal. It is painted last but with a multiply blend and
     * partial opacity, so it darkens the paper and shaded cells slightly and leaves the text on the
     * page as dark as before: it reads as if printed under everything. Marked as an artifact so
     * screen readers skip it.
     */
    private static void watermark(PDPageContentStream cs, PDType0Font font, Typesetter ts) throws IOException {
        PDRectangle page = Layout.PAGE;
        double angle = Math.atan2(page.getHeight(), page.getWidth());
        double diagonal = Math.hypot(page.getWidth(), page.getHeight());
        float size = (float) Math.min(WATERMARK_MAX_SIZE, diagonal * 0.72 / ts.width(WATERMARK, 1f));
        float width = ts.width(WATERMARK, size);
        float halfHeight = size * 0.35f; // half the height of CJK glyphs above the baseline
        double cos = Math.cos(angle);
        double sin = Math.sin(angle);
        float cx = page.getWidth() / 2;
        float cy = page.getHeight() / 2;
        float x = (float) (cx - cos * width / 2 + sin * halfHeight);
        float y = (float) (cy - sin * width / 2 - cos * halfHeight);

        PDExtendedGraphicsState state = new PDExtendedGraphicsState();
        state.setNonStrokingAlphaConstant(WATERMARK_OPACITY);
        state.setBlendMode(BlendMode.MULTIPLY);
        cs.saveGraphicsState();
        cs.beginMarkedContent(COSName.ARTIFACT);
        cs.setGraphicsStateParameters(state);
        cs.beginText();
        cs.setFont(font, size);
        cs.setRenderingMode(RenderingMode.FILL);
        cs.setNonStrokingColor(WATERMARK_GRAY);
        cs.setTextMatrix(Matrix.getRotateInstance(angle, x, y));
        cs.showText(WATERMARK);
        cs.endText();
        cs.endMarkedContent();
        cs.restoreGraphicsState();
    }

    /**
     * Title, Subject (the document number; none for drafts), Creator, Producer and dates — nothing
     * else. In particular no Author and no XMP stream, so no user or machine name can leak.
     */
    private static void metadata(PDDocument document, String title, Identity identity, Instant at) {
        PDDocumentInformation info = new PDDocumentInformation();
        info.setTitle(title);
        if (!identity.draft()) {
            info.setSubject(identity.number());
        }
        info.setCreator(PRODUCER);
        info.setProducer(PRODUCER);
        Calendar created = new GregorianCalendar(TimeZone.getTimeZone(DISPLAY_ZONE));
        created.setTimeInMillis(at.toEpochMilli());
        info.setCreationDate(created);
        info.setModificationDate(created);
        // No author: documents about proposals must not carry the name of whoever triggered them.
        document.setDocumentInformation(info);
        document.getDocumentCatalog().setLanguage("zh-CN");
        PDViewerPreferences preferences = new PDViewerPreferences(new COSDictionary());
        preferences.setDisplayDocTitle(true);
        document.getDocumentCatalog().setViewerPreferences(preferences);
        // A stable file identifier instead of PDFBox's clock-based one: same input, same bytes.
        String seed = (identity.draft() ? "DRAFT" : identity.number()) + "|" + at;
        byte[] id = Arrays.copyOf(sha256(seed.getBytes(StandardCharsets.UTF_8)), 16);
        COSArray ids = new COSArray();
        ids.add(new COSString(id));
        ids.add(new COSString(id));
        document.getDocument().getTrailer().setItem(COSName.ID, ids);
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---------------------------------------------------------------- blocks

    /** @param next the block after this one, or {@code null}: a heading keeps with its start */
    private static void block(Layout layout, Block block, Block next) throws IOException {
        if (block instanceof Heading h) {
            heading(layout, h, next);
        } else if (block instanceof Paragraph p) {
            paragraph(layout, p);
        } else if (block instanceof KeyValueTable t) {
            keyValueTable(layout, t);
        } else if (block instanceof DataTable t) {
            dataTable(layout, t);
        } else if (block instanceof SignatureLine s) {
            signature(layout, s);
        } else {
            throw new IllegalArgumentException("unknown block " + block.getClass());
        }
    }

    private static void heading(Layout layout, Heading heading, Block next) throws IOException {
        Typesetter ts = layout.typesetter();
        float size = Layout.HEADING;
        float leading = size * 1.5f;
        List<String> lines = ts.wrap(ts.clean(heading.text()), size, Layout.WIDTH);
        layout.space(8);
        // keep the heading with at least two lines of what follows, or a table's header and first row
        float keep = Math.max(2 * Layout.BODY * Layout.LEADING, 4 + tableStart(layout, next));
        layout.ensure(lines.size() * leading + keep);
        for (String line : lines) {
            layout.line(line, size, leading, true);
        }
        layout.space(4);
    }

    private static void paragraph(Layout layout, Paragraph paragraph) throws IOException {
        Typesetter ts = layout.typesetter();
        float leading = Layout.BODY * Layout.LEADING;
        for (String line : ts.wrap(ts.clean(paragraph.text()), Layout.BODY, Layout.WIDTH)) {
            layout.ensure(leading);
            layout.line(line, Layout.BODY, leading, false);
        }
        layout.space(6);
    }

    /**
     * The height a table following a heading needs on the heading's page: its header row and its
     * first row (which the table moves to the next page whole if it does not fit); 0 for other blocks.
     */
    private static float tableStart(Layout layout, Block next) {
        if (next instanceof KeyValueTable t && !t.rows().isEmpty()) {
            CellGrid grid = keyValueGrid(layout.typesetter(), t);
            return 2 + layout.tableStart(grid.widths(), null, grid.rows().get(0), Layout.TABLE);
        }
        if (next instanceof DataTable t) {
            CellGrid grid = dataGrid(layout.typesetter(), t);
            return 2 + layout.tableStart(grid.widths(), grid.header(), grid.rows().isEmpty() ? null : grid.rows().get(0),
                    Layout.TABLE);
        }
        return 0;
    }

    /** A table's cleaned cells and its column widths. */
    private record CellGrid(float[] widths, String[] header, List<String[]> rows) {
    }

    private static CellGrid keyValueGrid(Typesetter ts, KeyValueTable table) {
        float size = Layout.TABLE;
        List<String[]> rows = new ArrayList<>();
        float widestLabel = 0;
        for (KeyValueTable.Row row : table.rows()) {
            String label = ts.clean(row.label());
            rows.add(new String[] {label, ts.clean(row.value())});
            widestLabel = Math.max(widestLabel, ts.naturalWidth(label, size) + 2 * Layout.CELL_PADDING + 1);
        }
        float labelWidth = Math.min(Math.max(widestLabel, Layout.WIDTH * 0.22f), Layout.WIDTH * 0.35f);
        return new CellGrid(new float[] {labelWidth, Layout.WIDTH - labelWidth}, null, rows);
    }

    private static CellGrid dataGrid(Typesetter ts, DataTable table) {
        String[] header = table.header().stream().map(ts::clean).toArray(String[]::new);
        List<String[]> rows = new ArrayList<>();
        for (List<String> row : table.rows()) {
            rows.add(row.stream().map(ts::clean).toArray(String[]::new));
        }
        float[] widths = table.columnWeights() != null
                ? weightedWidths(table.columnWeights())
                : contentWidths(ts, header, rows, Layout.TABLE);
        return new CellGrid(widths, header, rows);
    }

    private static void keyValueTable(Layout layout, KeyValueTable table) throws IOException {
        if (table.rows().isEmpty()) {
            return;
        }
        CellGrid grid = keyValueGrid(layout.typesetter(), table);
        layout.space(2);
        layout.table(grid.widths(), null, grid.rows(), Layout.TABLE, true);
        layout.space(8);
    }

    private static void dataTable(Layout layout, DataTable table) throws IOException {
        CellGrid grid = dataGrid(layout.typesetter(), table);
        layout.space(2);
        layout.table(grid.widths(), grid.header(), grid.rows(), Layout.TABLE, false);
        layout.space(8);
    }

    private static float[] weightedWidths(List<Double> weights) {
        double sum = weights.stream().mapToDouble(Double::doubleValue).sum();
        float[] widths = new float[weights.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = (float) (Layout.WIDTH * weights.get(i) / sum);
        }
        return widths;
    }

    /**
     * Column widths from the contents: if everything fits unwrapped, columns get their natural
     * width plus a proportional share of the slack; otherwise narrow columns keep their natural
     * width and the others share the rest equally (max-min fair), so a long text column does not
     * squeeze a "序号" column into one character per line.
     */
    static float[] contentWidths(Typesetter ts, String[] header, List<String[]> rows, float size) {
        int n = header.length;
        float pad = 2 * Layout.CELL_PADDING + 1;
        float[] natural = new float[n];
        for (int c = 0; c < n; c++) {
            natural[c] = ts.naturalWidth(header[c], size) + pad;
            for (String[] row : rows) {
                natural[c] = Math.max(natural[c], ts.naturalWidth(row[c], size) + pad);
            }
            natural[c] = Math.max(natural[c], size * 2 + pad);
        }
        float total = 0;
        for (float w : natural) {
            total += w;
        }
        float[] widths = new float[n];
        if (total <= Layout.WIDTH) {
            for (int c = 0; c < n; c++) {
                widths[c] = natural[c] * Layout.WIDTH / total;
            }
            return widths;
        }
        boolean[] fixed = new boolean[n];
        float remaining = Layout.WIDTH;
        int open = n;
        boolean changed = true;
        while (changed && open > 0) {
            changed = false;
            float share = remaining / open;
            for (int c = 0; c < n; c++) {
                if (!fixed[c] && natural[c] <= share) {
                    fixed[c] = true;
                    widths[c] = natural[c];
                    remaining -= natural[c];
                    open--;
                    changed = true;
                }
            }
        }
        for (int c = 0; c < n; c++) {
            if (!fixed[c]) {
                widths[c] = remaining / open;
            }
        }
        return widths;
    }

    private static void signature(Layout layout, SignatureLine signature) throws IOException {
        Typesetter ts = layout.typesetter();
        float size = Layout.BODY;
        float leading = size * 2.2f;
        float x = Layout.LEFT + Layout.WIDTH * 0.45f;
        float blank = Layout.WIDTH * 0.30f;
        layout.space(16);
        layout.ensure(2 * leading);
        signatureRow(layout, ts, x, blank, size, leading, signature.label(), signature.signatory());
        signatureRow(layout, ts, x, blank, size, leading, signature.dateLabel(), signature.date());
        layout.space(6);
    }

    private static void signatureRow(Layout layout, Typesetter ts, float x, float blank, float size, float leading,
                                     String label, String value) throws IOException {
        if (label.isEmpty() && value == null) {
            return;
        }
        String prefix = label.isEmpty() ? "" : ts.cleanLine(label) + "：";
        float prefixWidth = ts.width(prefix, size);
        float baseline = layout.baseline(layout.y(), size, leading);
        layout.text(x, baseline, size, prefix, false, 0f);
        if (value != null) {
            float available = Math.max(Layout.RIGHT - x - prefixWidth, size * 4);
            List<String> lines = ts.wrap(ts.cleanLine(value), size, available);
            for (int i = 0; i < lines.size(); i++) {
                if (i > 0) {
                    layout.moveTo(layout.y() - size * Layout.LEADING);
                    layout.ensure(size * Layout.LEADING);
                    baseline = layout.baseline(layout.y(), size, leading);
                }
                layout.text(x + prefixWidth, baseline, size, lines.get(i), false, 0f);
            }
        } else {
            float end = Math.min(x + prefixWidth + blank, Layout.RIGHT);
            layout.underline(x + prefixWidth, end, baseline - 2);
        }
        layout.moveTo(layout.y() - leading);
    }
}
