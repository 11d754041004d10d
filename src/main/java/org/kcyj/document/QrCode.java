package org.kcyj.document;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

import com.google.zxing.WriterException;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import com.google.zxing.qrcode.encoder.ByteMatrix;
import com.google.zxing.qrcode.encoder.Encoder;
import org.apache.pdfbox.pdmodel.PDPageContentStream;

/**
 * A QR code (error correction level M) drawn as vector graphics: each row's runs of dark modules
 * become one rectangle, all filled as a single path, so the symbol stays sharp at any zoom and
 * costs only a few kilobytes of content stream. Only ASCII text is accepted (URLs), which every
 * reader decodes the same way without an ECI header.
 */
final class QrCode {

    /** The light border readers need around the symbol, in modules (ISO/IEC 18004). */
    static final int QUIET_ZONE = 4;

    private final String text;
    private final ByteMatrix matrix;

    private QrCode(String text, ByteMatrix matrix) {
        this.text = text;
        this.matrix = matrix;
    }

    static QrCode encode(String text) {
        Objects.requireNonNull(text, "text");
        if (text.isEmpty() || !StandardCharsets.US_ASCII.newEncoder().canEncode(text)) {
            throw new IllegalArgumentException("QR text must be non-empty ASCII: " + text);
        }
        try {
            return new QrCode(text, Encoder.encode(text, ErrorCorrectionLevel.M).getMatrix());
        } catch (WriterException e) {
            throw new IllegalArgumentException("cannot encode as QR code: " + text, e);
        }
    }

    String text() {
        return text;
    }

    /** Modules per side of the symbol, without the quiet zone. */
    int modules() {
        return matrix.getWidth();
    }

    boolean dark(int x, int y) {
        return matrix.get(x, y) == 1;
    }

    /**
     * Fills the dark modules of the symbol (quiet zone not included) in a square of side
     * {@code side} points whose top-left corner is ({@code left}, {@code top}). The caller keeps
     * {@link #QUIET_ZONE} modules around it free of ink.
     */
    void draw(PDPageContentStream stream, float left, float top, float side) throws IOException {
        int n = modules();
        float module = side / n;
        stream.setNonStrokingColor(0f);
        for (int y = 0; y < n; y++) {
            int x = 0;
            while (x < n) {
                if (!dark(x, y)) {
                    x++;
                    continue;
                }
                int start = x;
                while (x < n && dark(x, y)) {
                    x++;
                }
                stream.addRect(left + start * module, top - (y + 1) * module, (x - start) * module, module);
            }
        }
        stream.fill();
    }
}
