package org.kcyj.review.draw;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/** Normalisation used when people and units are matched by name or code. */
final class Names {

    private static final Pattern SPACES = Pattern.compile("\\s+");

    private Names() {
    }

    /** NFKC, trimmed, runs of white space collapsed to one space, Latin letters lower-cased. */
    static String normalise(String name) {
        if (name == null) {
            return "";
        }
        String s = Normalizer.normalize(name, Normalizer.Form.NFKC).strip();
        return SPACES.matcher(s).replaceAll(" ").toLowerCase(Locale.ROOT);
    }

    /** True when both names are non-blank and equal after normalisation. */
    static boolean same(String a, String b) {
        String na = normalise(a);
        return !na.isEmpty() && na.equals(normalise(b));
    }

    /** Credit codes and call ids: NFKC, all white space removed, upper-cased. */
    static String code(String code) {
        if (code == null) {
            return "";
        }
        return SPACES.matcher(Normalizer.normalize(code, Normalizer.Form.NFKC)).replaceAll("").toUpperCase(Locale.ROOT);
    }

    /** True when both codes are non-blank and equal after normalisation. */
    static boolean sameCode(String a, String b) {
        String ca = code(a);
        return !ca.isEmpty() && ca.equals(code(b));
    }
}
