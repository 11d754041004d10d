package org.kcyj.document;

import java.io.IOException;
import java.util.List;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDFontDescriptor;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.apache.pdfbox.pdmodel.graphics.state.RenderingMode;

/**
 * The page cursor of one rendering: knows the A4 geometry, the current page and the vertical
 * position, starts new pages when content does not fit, and draws text, rules and tables (tables
 * split between lines of a row and repeat their header row on every page). Not thread-safe.
 */
final class Layout {

    static final float MM = 72f / 25.4f;
    static final PDRectangle PAGE = PDRectangle.A4;
    static final float MARGIN = 20 * MM;
    static final float LEFT = MARGIN;
    static final float RIGHT = PAGE.getWidth() - MARGIN;
    static final float WIDTH = RIGHT - LEFT;
    static final float TOP = PAGE.getHeight() - MARGIN;
    static final float BOTTOM = MARGIN;
    static final float FOOTER_RULE_Y = MARGIN - 4 * MM;
    static final float FOOTER_BASELINE = MARGIN - 9 * MM;

    static final float TITLE = 18f;
    static final float SUBTITLE = 11f;
    static final float HEADING = 12.5f;
    static final float BODY = 10.5f;
    static final float TABLE = 10f;
    static final float SMALL = 9f;
    static final float LEADING = 1.55f;
    static final float CELL_PADDING = 4f;

    private static final float BORDER_GRAY = 0.55f;
    private static final float HEADER_FILL = 0.9f;
    private static final float LABEL_FILL = 0.955f;

    private final PDDocument document;
    private final PDType0Font font;
    private final Typesetter typesetter;
    private final float ascent;
    private final float descent;

    private PDPageContentStream stream;
    private float y;
    /** Within {@link #table}: whether the current page already shows the table's header row. */
    private boolean headerDrawnOnPage;

    Layout(PDDocument document, PDType0Font font, Typesetter typesetter) {
        this.document = document;
        this.font = font;
        this.typesetter = typesetter;
        PDFontDescriptor descriptor = font.getFontDescriptor();
        float a = descriptor == null ? 0 : descriptor.getAscent() / 1000f;
        float d = descriptor == null ? 0 : descriptor.getDescent() / 1000f;
        this.ascent = a > 0.5f && a < 1.5f ? a : 0.88f;
        this.descent = d < 0 && d > -0.6f ? d : -0.12f;
    }

    Typesetter typesetter() {
        return typesetter;
    }

    float y() {
        return y;
    }

    void moveTo(float newY) {
        y = newY;
    }

    boolean atPageTop() {
        return y >= TOP;
    }

    void newPage() throws IOException {
        closePage();
        PDPage page = new PDPage(PAGE);
        document.addPage(page);
        stream = new PDPageContentStream(document, page);
        y = TOP;
    }

    void closePage() throws IOException {
        if (stream != null) {
            stream.close();
            stream = null;
        }
    }

    /** Vertical space, not carried over to a new page. */
    void space(float points) {
        if (!atPageTop()) {
            y = Math.max(y - points, BOTTOM);
        }
    }

    /** Starts a new page unless {@code height} points fit below the cursor. */
    void ensure(float height) throws IOException {
        if (y - height < BOTTOM - 0.01f && !atPageTop()) {
            newPage();
        }
    }

    /** Baseline for text of {@code size} vertically centred in a line box starting at {@code top}. */
    float baseline(float top, float size, float leading) {
        float textHeight = (ascent - descent) * size;
        return top - (leading - textHeight) / 2 - ascent * size;
    }

    /** One left-aligned line at the cursor; the caller has ensured it fits. */
    void line(String text, float size, float leading, boolean bold) throws IOException {
        text(LEFT, baseline(y, size, leading), size, text, bold, 0f);
        y -= leading;
    }

    void centred(String text, float size, float leading, boolean bold, float gray) throws IOException {
        ensure(leading);
        float width = typesetter.width(text, size);
        text(LEFT + Math.max(0, (WIDTH - width) / 2), baseline(y, size, leading), size, text, bold, gray);
        y -= leading;
    }

    void text(float x, float baseline, float size, String text, boolean bold, float gray) throws IOException {
        if (text.isEmpty()) {
            return;
        }
        stream.beginText();
        stream.setFont(font, size);
        stream.setNonStrokingColor(gray);
        if (bold) {
            // the font has no bold face: stroke the outlines as well as filling them
            stream.setRenderingMode(RenderingMode.FILL_STROKE);
            stream.setStrokingColor(gray);
            stream.setLineWidth(size * 0.03f);
        } else {
            stream.setRenderingMode(RenderingMode.FILL);
        }
        stream.newLineAtOffset(x, baseline);
        stream.showText(text);
        stream.endText();
    }

    void rule(float atY, float gray, float width) throws IOException {
        stream.setStrokingColor(gray);
        stream.setLineWidth(width);
        stream.moveTo(LEFT, atY);
        stream.lineTo(RIGHT, atY);
        stream.stroke();
    }

    /** Draws a QR code's modules in a square of side {@code side} with its top-left at (left, top). */
    void qr(QrCode code, float left, float top, float side) throws IOException {
        code.draw(stream, left, top, side);
    }

    void underline(float x1, float x2, float atY) throws IOException {
        stream.setStrokingColor(0f);
        stream.setLineWidth(0.6f);
        stream.moveTo(x1, atY);
        stream.lineTo(x2, atY);
        stream.stroke();
    }

    /**
     * Draws a table at the cursor.
     *
     * @param widths            column widths, summing to {@link #WIDTH}
     * @param header            header row, repeated on each page the table spans; {@code null} for none
     * @param rows              cleaned cell texts
     * @param shadeFirstColumn  whether the first column is a label column (key-value tables)
     */
    void table(float[] widths, String[] header, List<String[]> rows, float size, boolean shadeFirstColumn)
            throws IOException {
        float leading = size * 1.4f;
        List<String>[] headerLines = header == null ? null : wrapRow(header, widths, size);
        float headerHeight = header == null ? 0 : height(lineCount(headerLines), leading);
        for (String[] row : rows) {
            List<String>[] cells = wrapRow(row, widths, size);
            int total = lineCount(cells);
            int start = 0;
            while (start < total) {
                float headerCost = header != null && !headerDrawnOnPage ? headerHeight : 0;
                int fit = (int) Math.floor((y - BOTTOM - headerCost - 2 * CELL_PADDING + 0.01f) / leading);
                int left = total - start;
                if (fit >= left) {
                    drawHeaderIfNeeded(headerLines, widths, size, leading);
                    drawRow(cells, widths, start, total, size, leading, shadeFirstColumn, false);
                    start = total;
                    continue;
                }
                boolean restFitsOnEmptyPage = height(left, leading) + headerHeight <= TOP - BOTTOM;
                if (!atPageTop() && (fit < 1 || (start == 0 && restFitsOnEmptyPage))) {
                    // nothing fits here, or the row fits unsplit on the next page
                    pageBreak();
                    continue;
                }
                // a row taller than what is left of the page: split it between two lines
                int lines = Math.max(1, fit);
                drawHeaderIfNeeded(headerLines, widths, size, leading);
                drawRow(cells, widths, start, start + lines, size, leading, shadeFirstColumn, false);
                start += lines;
                if (start < total) {
                    pageBreak();
                }
            }
        }
        if (rows.isEmpty() && header != null) {
            ensure(headerHeight);
            drawHeaderIfNeeded(headerLines, widths, size, leading);
        }
        headerDrawnOnPage = false;
    }

    /**
     * The height of a table's header row plus its first row, as {@link #table} would draw them: what
     * must fit on a page for the table to start there. A first row too tall for any page is split
     * wherever the table starts, so then only its first line counts.
     *
     * @param header   header row, or {@code null} for none
     * @param firstRow first body row, or {@code null} for none
     */
    float tableStart(float[] widths, String[] header, String[] firstRow, float size) {
        float leading = size * 1.4f;
        float headerHeight = header == null ? 0 : height(lineCount(wrapRow(header, widths, size)), leading);
        if (firstRow == null) {
            return headerHeight;
        }
        float rowHeight = height(lineCount(wrapRow(firstRow, widths, size)), leading);
        return headerHeight + (headerHeight + rowHeight <= TOP - BOTTOM ? rowHeight : height(1, leading));
    }

    private void pageBreak() throws IOException {
        newPage();
        headerDrawnOnPage = false;
    }

    private void drawHeaderIfNeeded(List<String>[] headerLines, float[] widths, float size, float leading)
            throws IOException {
        if (headerLines != null && !headerDrawnOnPage) {
            drawRow(headerLines, widths, 0, lineCount(headerLines), size, leading, false, true);
            headerDrawnOnPage = true;
        }
    }

    @SuppressWarnings("unchecked")
    private List<String>[] wrapRow(String[] cells, float[] widths, float size) {
        List<String>[] lines = new List[cells.length];
        for (int c = 0; c < cells.length; c++) {
            lines[c] = typesetter.wrap(cells[c], size, widths[c] - 2 * CELL_PADDING - 1);
        }
        return lines;
    }

    private static int lineCount(List<String>[] cells) {
        int max = 1;
        for (List<String> cell : cells) {
            max = Math.max(max, cell.size());
        }
        return max;
    }

    private static float height(int lines, float leading) {
        return lines * leading + 2 * CELL_PADDING;
    }

    /** Draws lines [from, to) of every cell of a row as one band of cells at the cursor. */
    private void drawRow(List<String>[] cells, float[] widths, int from, int to, float size, float leading,
                         boolean shadeFirstColumn, boolean isHeader) throws IOException {
        float height = height(to - from, leading);
        float top = y;
        float x = LEFT;
        for (int c = 0; c < cells.length; c++) {
            float fill = isHeader ? HEADER_FILL : (shadeFirstColumn && c == 0 ? LABEL_FILL : 1f);
            if (fill < 1f) {
                stream.setNonStrokingColor(fill);
                stream.addRect(x, top - height, widths[c], height);
                stream.fill();
            }
            x += widths[c];
        }
        x = LEFT;
        for (int c = 0; c < cells.length; c++) {
            List<String> lines = cells[c];
            for (int i = from; i < Math.min(to, lines.size()); i++) {
                float lineTop = top - CELL_PADDING - (i - from) * leading;
                text(x + CELL_PADDING, baseline(lineTop, size, leading), size, lines.get(i),
                        isHeader, 0f);
            }
            x += widths[c];
        }
        stream.setStrokingColor(BORDER_GRAY);
        stream.setLineWidth(0.5f);
        x = LEFT;
        for (float width : widths) {
            stream.addRect(x, top - height, width, height);
            x += width;
        }
        stream.stroke();
        y = top - height;
    }
}
