package org.kcyj.attachment;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import org.kcyj.shared.FieldProblem;

/**
 * Turns the name a browser sent with an upload into a name that is safe to show and to store.
 *
 * <p>{@link #sanitize(String)}:
 * <ol>
 *   <li>keeps only the last path segment (after the last {@code /} or {@code \});</li>
 *   <li>drops control characters (NUL included), bidirectional controls (U+061C, U+200E, U+200F,
 *       U+202A-U+202E, U+2066-U+2069, which can make "exe.pdf" display as "pdf.exe") and unpaired
 *       surrogates, and replaces the characters Windows forbids ({@code < > : " | ? *}) with {@code _};</li>
 *   <li>normalises to NFC (macOS sends decomposed names) and collapses whitespace to single spaces;</li>
 *   <li>removes leading and trailing dots and spaces of the part before the extension, so the name is
 *       never hidden, "." or ".."; an empty name becomes {@value #FALLBACK_NAME}, and a Windows device name
 *       (CON, NUL, COM1...) gets a leading {@code _};</li>
 *   <li>shortens the name to {@value #MAX_CODE_POINTS} code points, keeping the extension.</li>
 * </ol>
 * CJK and other letters are kept. The last steps are repeated until nothing changes, which makes the
 * result a fixed point: sanitising it again gives it back.
 */
public final class FileNames {

    public static final int MAX_CODE_POINTS = 100;
    public static final String FALLBACK_NAME = "unnamed";
    /** Message code of a name that does not end in ".pdf". */
    public static final String NOT_PDF_CODE = "attachment.name.not-pdf";

    /** An extension is a final dot followed by 1 to this many letters or digits. */
    private static final int MAX_EXTENSION_LENGTH = 16;
    private static final String WINDOWS_FORBIDDEN = "<>:\"|?*";
    private static final Set<String> WINDOWS_DEVICES = Set.of("con", "prn", "aux", "nul",
            "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8", "com9",
            "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9");

    private FileNames() {
    }

    /** A safe, non-empty name of at most {@value #MAX_CODE_POINTS} code points; null gives the fallback. */
    public static String sanitize(String uploadedName) {
        String name = uploadedName == null ? "" : uploadedName;
        name = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
        name = Normalizer.normalize(dropUnsafeCharacters(name), Normalizer.Form.NFC);
        name = collapseWhitespace(name);
        String shaped = shape(name);
        while (!shaped.equals(name)) {
            name = shaped;
            shaped = shape(name);
        }
        return shaped;
    }

    /** Whether {@code name} ends in ".pdf", in any case, after something else. */
    public static boolean hasPdfExtension(String name) {
        return name != null && name.length() > 4 && name.toLowerCase(Locale.ROOT).endsWith(".pdf");
    }

    /** A problem on {@code field} when the (sanitised) name is not a PDF file's name. */
    public static Optional<FieldProblem> pdfNameProblem(String field, String name) {
        return hasPdfExtension(name) ? Optional.empty() : Optional.of(new FieldProblem(field, NOT_PDF_CODE));
    }

    private static String dropUnsafeCharacters(String name) {
        StringBuilder out = new StringBuilder(name.length());
        name.codePoints().forEach(cp -> {
            if (WINDOWS_FORBIDDEN.indexOf(cp) >= 0) {
                out.append('_');
            } else if (isWhitespace(cp)) {
                out.append(' ');
            } else if (!isUnsafe(cp)) {
                out.appendCodePoint(cp);
            }
        });
        return out.toString();
    }

    static boolean isUnsafe(int cp) {
        int type = Character.getType(cp);
        return type == Character.CONTROL || type == Character.SURROGATE || isBidiControl(cp);
    }

    static boolean isBidiControl(int cp) {
        return cp == 0x061C || cp == 0x200E || cp == 0x200F || (cp >= 0x202A && cp <= 0x202E)
                || (cp >= 0x2066 && cp <= 0x2069);
    }

    private static boolean isWhitespace(int cp) {
        // tab, CR and LF are controls that Character.isWhitespace also covers: they become spaces
        return Character.isWhitespace(cp) || Character.isSpaceChar(cp);
    }

    private static String collapseWhitespace(String name) {
        return name.replaceAll(" {2,}", " ").strip();
    }

    /** Splits off the extension, tidies the part before it, and fits both into the length limit. */
    private static String shape(String name) {
        int dot = name.lastIndexOf('.');
        String extension = isExtension(name, dot) ? name.substring(dot) : "";
        String base = trimDotsAndSpaces(name.substring(0, name.length() - extension.length()));
        if (base.isEmpty()) {
            base = FALLBACK_NAME;
        }
        int firstDot = base.indexOf('.');
        String stem = (firstDot < 0 ? base : base.substring(0, firstDot)).strip();
        if (WINDOWS_DEVICES.contains(stem.toLowerCase(Locale.ROOT))) {
            base = "_" + base;
        }
        int room = MAX_CODE_POINTS - extension.codePointCount(0, extension.length());
        if (base.codePointCount(0, base.length()) > room) {
            base = trimDotsAndSpaces(base.substring(0, base.offsetByCodePoints(0, room)));
        }
        return base + extension;
    }

    private static boolean isExtension(String name, int dot) {
        int length = name.length() - dot - 1;
        if (dot < 0 || length < 1 || length > MAX_EXTENSION_LENGTH) {
            return false;
        }
        return name.substring(dot + 1).codePoints().allMatch(Character::isLetterOrDigit);
    }

    private static String trimDotsAndSpaces(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && (s.charAt(start) == '.' || s.charAt(start) == ' ')) {
            start++;
        }
        while (end > start && (s.charAt(end - 1) == '.' || s.charAt(end - 1) == ' ')) {
            end--;
        }
        return s.substring(start, end);
    }
}
