package org.kcyj.attachment;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Whatever a browser sends, the sanitised name is safe and stable. Each property runs 1,000 tries of
 * two generators: any UTF-16 string (lone surrogates included), and strings built from the characters
 * that matter here (separators, dots, controls, bidi controls, spaces, combining marks, CJK, "pdf").
 */
class FileNamesProperties {

    @Property
    void theResultIsSafe(@ForAll("names") String uploaded) {
        String name = FileNames.sanitize(uploaded);

        assertThat(name).isNotEmpty().doesNotStartWith(".").doesNotContain("/", "\\");
        assertThat(name.codePointCount(0, name.length())).isLessThanOrEqualTo(FileNames.MAX_CODE_POINTS);
        assertThat(name.codePoints()).noneMatch(cp -> Character.getType(cp) == Character.CONTROL)
                .noneMatch(FileNames::isBidiControl)
                .noneMatch(cp -> Character.getType(cp) == Character.SURROGATE);
        assertThat(name).isNotIn(".", "..").doesNotStartWith(" ").doesNotEndWith(" ");
    }

    @Property
    void sanitisingTwiceChangesNothing(@ForAll("names") String uploaded) {
        String once = FileNames.sanitize(uploaded);
        assertThat(FileNames.sanitize(once)).isEqualTo(once);
    }

    @Property
    void anyStringIsSafeAndStableToo(@ForAll String uploaded) {
        theResultIsSafe(uploaded);
        sanitisingTwiceChangesNothing(uploaded);
    }

    @Property
    void aPdfNameKeepsItsExtensionHoweverLong(@ForAll("names") String base) {
        String name = FileNames.sanitize(base.replace('/', '_').replace('\\', '_') + ".pdf");
        assertThat(FileNames.hasPdfExtension(name)).isTrue();
    }

    @Provide
    Arbitrary<String> names() {
        Arbitrary<String> pieces = Arbitraries.oneOf(
                Arbitraries.of("/", "\\", ".", "..", ".pdf", ".PDF", "pdf", " ", "\t", "\r\n", "\u3000", "\u00A0",
                        "\u0000", "\u0007", "\u007F", "\u0085", "\u202A", "\u202E", "\u2066", "\u2069", "\u200E",
                        "\u061C", "\u0301", "\u0308", "e\u0301", "\uD800", "\uDC00", "\uD840\uDC00", ":", "*", "?",
                        "CON", "nul", "申报书", "科创甬江2035", "宁波"),
                Arbitraries.strings().withCharRange('\u4e00', '\u9fa5').withCharRange('a', 'z').ofMaxLength(60));
        return pieces.list().ofMaxSize(40).map(list -> String.join("", list));
    }
}
