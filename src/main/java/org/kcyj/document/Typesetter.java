package org.kcyj.document;

import java.io.IOException;
import java.text.BreakIterator;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntPredicate;

import org.apache.pdfbox.pdmodel.font.PDFont;

/**
 * Cleans, measures and line-breaks text for one rendered document. Not thread-safe: one instance
 * per {@link PdfRenderer#render render} call.
 *
 * <p>Cleaning keeps the renderer total: control and invisible formatting characters are dropped,
 * line separators become {@code '\n'}, tabs become spaces and every character the font has no glyph
 * for (emoji, rare CJK extension characters, lone surrogates …) becomes {@code '?'}.
 *
 * <p>Line breaking uses the JDK's line {@link BreakIterator}: Chinese may break between any two
 * ideographs except before closing or after opening punctuation, Latin text at spaces and after
 * hyphens, never inside a number such as "≥98.5%" or "¥1,200.00"; a single word wider than the
 * line is broken between characters.
 */
final class Typesetter {

    /** Points by which a line may exceed its width through rounding alone. */
    private static final float FIT_TOLERANCE = 0.01f;

    private final PDFont font;
    private final IntPredicate canDisplay;
    private final Map<Integer, Float> widths = new HashMap<>();
    private final BreakIterator lineBreaks = BreakIterator.getLineInstance(Locale.SIMPLIFIED_CHINESE);

    Typesetter(PDFont font, IntPredicate canDisplay) {
        this.font = font;
        this.canDisplay = canDisplay;
    }

    /** Text safe to show with the font; {@code '\n'} is the only control character left. */
    String clean(String raw) {
        if (raw == null || raw.isEmpty()) {
            return "";
        }
        String s = Normalizer.normalize(raw.replace("\r\n", "\n"), Normalizer.Form.NFC);
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            out.append(clean(cp));
        }
        return out.toString();
    }

    /** Like {@link #clean(String)} for text that must stay on one line (newlines become spaces). */
    String cleanLine(String raw) {
        return clean(raw).replace('\n', ' ');
    }

    private String clean(int cp) {
        switch (cp) {
            case '\n', '\r', 0x0B, 0x0C, 0x85, 0x2028, 0x2029:
                return "\n";
            case '\t':
                return " ";
            default:
                break;
        }
        int type = Character.getType(cp);
        if (type == Character.CONTROL || type == Character.FORMAT || isVariationSelector(cp)) {
            return "";
        }
        if (type == Character.SURROGATE) {
            return "?";
        }
        if (canDisplay.test(cp)) {
            return Character.toString(cp);
        }
        return Character.isWhitespace(cp) || Character.isSpaceChar(cp) ? " " : "?";
    }

    private static boolean isVariationSelector(int cp) {
        return (cp >= 0xFE00 && cp <= 0xFE0F) || (cp >= 0xE0100 && cp <= 0xE01EF);
    }

    /** Width of cleaned text in points at the given font size. */
    float width(String text, float size) {
        float units = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            units += glyphWidth(cp);
        }
        return units * size / 1000f;
    }

    private float glyphWidth(int cp) {
        return widths.computeIfAbsent(cp, c -> {
            try {
                return font.getStringWidth(Character.toString(c));
            } catch (IOException | IllegalArgumentException e) {
                // only reached for text that bypassed clean(); measure as '?'
                return c == '?' ? 500f : glyphWidth('?');
            }
        });
    }

    /**
     * Breaks cleaned text into lines no wider than {@code maxWidth} (except that a line always
     * holds at least one character). Each {@code '\n'} starts a new line; an empty text gives one
     * empty line.
     */
    List<String> wrap(String text, float size, float maxWidth) {
        List<String> lines = new ArrayList<>();
        for (String paragraph : text.split("\n", -1)) {
            wrapParagraph(paragraph, size, maxWidth, lines);
        }
        return lines;
    }

    private void wrapParagraph(String paragraph, float size, float width, List<String> lines) {
        // Widths summed piece by piece differ from the whole line's in the last float digits: text
        // measured to fit exactly (a table column sized to its label) must not wrap for that.
        float maxWidth = width + FIT_TOLERANCE;
        if (paragraph.isEmpty()) {
            lines.add("");
            return;
        }
        StringBuilder line = new StringBuilder();
        float lineWidth = 0;
        for (String segment : segments(paragraph)) {
            float segmentWidth = width(segment, size);
            float visibleWidth = width(segment.stripTrailing(), size);
            if (lineWidth + visibleWidth <= maxWidth) {
                line.append(segment);
                lineWidth += segmentWidth;
                continue;
            }
            if (!line.isEmpty()) {
                lines.add(line.toString().stripTrailing());
                line.setLength(0);
                lineWidth = 0;
            }
            if (visibleWidth <= maxWidth) {
                line.append(segment);
                lineWidth = segmentWidth;
                continue;
            }
            // a "word" longer than the line (URL, hash, long number): break between characters
            for (int i = 0; i < segment.length(); ) {
                int cp = segment.codePointAt(i);
                i += Character.charCount(cp);
                float w = glyphWidth(cp) * size / 1000f;
                if (lineWidth + w > maxWidth && !line.isEmpty() && !Character.isWhitespace(cp)) {
                    lines.add(line.toString().stripTrailing());
                    line.setLength(0);
                    lineWidth = 0;
                }
                line.appendCodePoint(cp);
                lineWidth += w;
            }
        }
        lines.add(line.toString().stripTrailing());
    }

    /**
     * The pieces between break opportunities. The JDK's rules allow a few breaks no reader expects
     * (inside "≥98.5%" after the decimal point, for instance); those are removed.
     */
    private List<String> segments(String paragraph) {
        List<String> segments = new ArrayList<>();
        lineBreaks.setText(paragraph);
        int cut = lineBreaks.first();
        for (int end = lineBreaks.next(); end != BreakIterator.DONE; end = lineBreaks.next()) {
            if (end < paragraph.length() && insideWordOrNumber(paragraph.charAt(end - 1), paragraph.charAt(end))) {
                continue;
            }
            segments.add(paragraph.substring(cut, end));
            cut = end;
        }
        return segments;
    }

    /** Whether a break between these two characters would split a Latin word or a number. */
    private static boolean insideWordOrNumber(char before, char after) {
        boolean latinBefore = before < 128 && Character.isLetterOrDigit(before);
        boolean digitBefore = before >= '0' && before <= '9';
        boolean digitAfter = after >= '0' && after <= '9';
        if (digitAfter && (latinBefore || before == '.' || before == ',')) {
            return true;
        }
        if (digitBefore && (after == '%' || after == '.' || after == ',')) {
            return true;
        }
        return latinBefore && after < 128 && Character.isLetter(after);
    }

    /** Width of the widest line of a cleaned text when not wrapped. */
    float naturalWidth(String text, float size) {
        float max = 0;
        for (String part : text.split("\n", -1)) {
            max = Math.max(max, width(part, size));
        }
        return max;
    }
}
