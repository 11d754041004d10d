package org.kcyj.security;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Requests that try to smuggle an expression (<code>${canary.touch()}</code> and its <code>#{...}</code> form) past the
 * guard: each of {@code $}, {@code #} and <code>{</code> written raw, as a JSON {@code \}{@code uXXXX} escape (upper or
 * lower hex), in overlong 2-, 3- and 4-byte UTF-8, in 5- and 6-byte forms, as CESU-style surrogates, truncated, or
 * percent-escaped in all these ways in a query string; the expression placed in values and keys, split across keys
 * and values, at several depths, in duplicate keys and nested arrays, in the query string, in the path.
 */
final class ExpressionAttacks {
    /** What one attack sends: a path below the task resource ("" for the resource itself), a raw query, a body. */
    record Attack(String pathSuffix, String query, byte[] body, String description) {
        @Override
        public String toString() {
            return description;
        }
    }

    static final List<String> EXPRESSION_FIELDS = List.of("dueAfterExpression", "dueBeforeExpression", "dueDateExpression",
            "followUpAfterExpression", "createdAfterExpression", "assigneeExpression", "ownerExpression",
            "candidateUserExpression", "involvedUserExpression", "candidateGroupExpression");

    private ExpressionAttacks() {
    }

    // ---------- one character, encoded for a JSON string ----------

    static Arbitrary<byte[]> encodedInJson(char c) {
        // the forms Camunda's JSON reader turns back into the character are drawn more often
        return Arbitraries.frequencyOf(
                Tuple.of(2, Arbitraries.just(new byte[] {(byte) c})),
                Tuple.of(3, Arbitraries.of(true, false).map(upper -> ascii(String.format(upper ? "\\u%04X" : "\\u%04x", (int) c)))),
                Tuple.of(6, Arbitraries.just(overlong2(c))),
                Tuple.of(4, Arbitraries.just(overlong3(c))),
                Tuple.of(1, Arbitraries.just(overlong4(c))),
                Tuple.of(4, Arbitraries.oneOf(
                Arbitraries.just(fiveByte(c)),
                Arbitraries.just(sixByte(c)),
                Arbitraries.just(concat(new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, overlong3(c))),
                Arbitraries.just(new byte[] {(byte) 0xED, (byte) 0xA0, (byte) (0x80 | (c & 0x3F))}),
                Arbitraries.of(0xC0, 0xC1, 0xE0, 0xF0, 0xC2).map(lead -> new byte[] {(byte) (int) lead, (byte) c}),
                Arbitraries.just(new byte[] {(byte) 0xE0, (byte) 0x80}).map(t -> concat(t, new byte[] {(byte) c})),
                // an overlong backslash before "u0024"
                Arbitraries.just(concat(new byte[] {(byte) 0xC1, (byte) 0x9C}, ascii(String.format("u%04x", (int) c)))),
                // escapes a later decoding would read: JSON inside JSON, percent, character references
                Arbitraries.just(ascii(String.format("\\\\u%04x", (int) c))),
                Arbitraries.just(ascii(String.format("%%%02X", (int) c))),
                Arbitraries.just(ascii(String.format("&#%d;", (int) c))))));
    }

    // ---------- one character, encoded for a query string ----------

    static Arbitrary<String> encodedInQuery(char c) {
        return Arbitraries.oneOf(
                Arbitraries.just(String.valueOf(c)),
                Arbitraries.of(true, false).map(upper -> percent(new byte[] {(byte) c}, upper)),
                Arbitraries.of(true, false).map(upper -> percent(overlong2(c), upper)),
                Arbitraries.of(true, false).map(upper -> percent(overlong3(c), upper)),
                Arbitraries.of(true, false).map(upper -> percent(overlong4(c), upper)),
                Arbitraries.just(percent(fiveByte(c), false)),
                Arbitraries.just(percent(sixByte(c), true)),
                Arbitraries.just(percent(new byte[] {(byte) 0xED, (byte) 0xA0, (byte) (0x80 | (c & 0x3F))}, false)),
                Arbitraries.just("%C0" + c),
                Arbitraries.just("%c0"),
                Arbitraries.just(String.format("%%25%02x", (int) c)),
                Arbitraries.just(String.format("%%u%04x", (int) c)),
                Arbitraries.just("%zz"),
                Arbitraries.just("%2"),
                Arbitraries.just(String.format("%%5Cu%04x", (int) c)));
    }

    // ---------- an expression built from encoded characters ----------

    /** <code>${canary.touch()}</code> or <code>#{canary.touch()}</code>, each special character encoded on its own. */
    static Arbitrary<byte[]> expressionInJson() {
        return Combinators.combine(Arbitraries.of('$', '#').flatMap(ExpressionAttacks::encodedInJson), encodedInJson('{'),
                Arbitraries.of("canary.touch()", "canary.touch() ", " canary['touch']()"))
                .as((start, brace, body) -> concat(start, brace, ascii(body + "}")));
    }

    static Arbitrary<String> expressionInQuery() {
        return Combinators.combine(Arbitraries.of('$', '#').flatMap(ExpressionAttacks::encodedInQuery), encodedInQuery('{'),
                Arbitraries.of("canary.touch()", "canary.touch%28%29", "canary+.touch()"))
                .as((start, brace, body) -> start + brace + body + "%7D");
    }

    /** A JSON body carrying the expression somewhere: as a value, as a key, split between a key and its value, deep. */
    static Arbitrary<byte[]> jsonBody() {
        Arbitrary<String> field = Arbitraries.of(EXPRESSION_FIELDS);
        Arbitrary<byte[]> plainValue = Arbitraries.of("x", "2020-01-01T00:00:00", "科创", "").map(ExpressionAttacks::utf8);
        Arbitrary<Integer> depth = Arbitraries.integers().between(0, 3);
        Arbitrary<Integer> shape = Arbitraries.integers().between(0, 6);
        return Combinators.combine(field, expressionInJson(), expressionInJson(), plainValue, depth, shape)
                .as((name, expression, second, plain, d, s) -> {
                    byte[] member = switch (s) {
                        case 0 -> member(ascii(name), expression);
                        case 1 -> concat(member(ascii(name), plain), ascii(","), member(ascii(name), expression));
                        case 2 -> concat(member(ascii(name), expression), ascii(","), member(ascii(name), plain));
                        case 3 -> member(expression, plain);
                        case 4 -> concat(member(ascii(name), expression), ascii(","), member(second, second));
                        case 5 -> concat(member(ascii(name), concat(expression, ascii(" and "), second)));
                        default -> member(ascii(name), plain);
                    };
                    byte[] query = concat(ascii("{"), member, ascii("}"));
                    byte[] nested = concat(ascii("{\"orQueries\":["), query, ascii("]}"));
                    for (int i = 0; i < d; i++) {
                        nested = i % 2 == 0
                                ? concat(ascii("{\"orQueries\":[{\"name\":\"x\"},"), query, ascii("],\"nested\":["), nested, ascii("]}"))
                                : concat(ascii("{\"orQueries\":[[["), query, ascii("]]],\"n\":{\"a\":"), nested, ascii("}}"));
                    }
                    return s == 6 ? concat(nested, ascii(" {\"orQueries\":["), concat(ascii("{"),
                            member(ascii(name), expression), ascii("}")), ascii("]}")) : nested;
                });
    }

    /** A query string carrying the expression in a value, a name, or a repeated parameter. */
    static Arbitrary<String> query() {
        Arbitrary<String> field = Arbitraries.of(EXPRESSION_FIELDS);
        return Combinators.combine(field, expressionInQuery(), Arbitraries.integers().between(0, 3))
                .as((name, expression, shape) -> switch (shape) {
                    case 0 -> "maxResults=10&" + name + "=" + expression;
                    case 1 -> "maxResults=10&" + name + "=x&" + name + "=" + expression;
                    case 2 -> "maxResults=10&" + expression + "=x";
                    default -> "maxResults=10&name=" + expression + "&name=y";
                });
    }

    /** Attacks as sent: mostly a body with a harmless query; some with the expression in the query or the path. */
    static Arbitrary<Attack> attacks() {
        Arbitrary<Attack> inBody = jsonBody().map(body -> new Attack("", "maxResults=10", body, "body " + show(body)));
        Arbitrary<Attack> inQuery = query().map(q -> new Attack("", q, ascii("{}"), "query " + q));
        Arbitrary<Attack> inPath = expressionInQuery().map(e -> new Attack("/" + e, "maxResults=10", null, "path " + e));
        Arbitrary<Attack> both = Combinators.combine(query(), jsonBody())
                .as((q, body) -> new Attack("", q, body, "query " + q + " body " + show(body)));
        return Arbitraries.frequencyOf(
                Tuple.of(6, inBody), Tuple.of(2, inQuery),
                Tuple.of(1, inPath), Tuple.of(1, both));
    }

    /** A fixed sample of attacks (the same for a given seed), for sending to the running server. */
    static List<Attack> sample(long seed, int count) {
        List<Attack> sample = new ArrayList<>();
        Runnable draw = () -> {
            var generator = attacks().generator(100);
            Random random = new Random(seed);
            for (int i = 0; i < count; i++) {
                sample.add(generator.next(random).value());
            }
        };
        try {
            draw.run(); // inside a property or example
        } catch (net.jqwik.engine.execution.lifecycle.OutsideJqwikException e) {
            sample.clear();
            net.jqwik.api.sessions.JqwikSession.run(Long.toString(seed), draw::run);
        }
        return sample;
    }

    // ---------- byte helpers ----------

    static byte[] overlong2(char c) {
        return new byte[] {(byte) (0xC0 | (c >> 6)), (byte) (0x80 | (c & 0x3F))};
    }

    static byte[] overlong3(char c) {
        return new byte[] {(byte) 0xE0, (byte) (0x80 | (c >> 6)), (byte) (0x80 | (c & 0x3F))};
    }

    static byte[] overlong4(char c) {
        return new byte[] {(byte) 0xF0, (byte) 0x80, (byte) (0x80 | (c >> 6)), (byte) (0x80 | (c & 0x3F))};
    }

    static byte[] fiveByte(char c) {
        return new byte[] {(byte) 0xF8, (byte) 0x80, (byte) 0x80, (byte) (0x80 | (c >> 6)), (byte) (0x80 | (c & 0x3F))};
    }

    static byte[] sixByte(char c) {
        return new byte[] {(byte) 0xFC, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) (0x80 | (c >> 6)),
                (byte) (0x80 | (c & 0x3F))};
    }

    static String percent(byte[] bytes, boolean upper) {
        StringBuilder text = new StringBuilder();
        for (byte b : bytes) {
            text.append(String.format(upper ? "%%%02X" : "%%%02x", b & 0xFF));
        }
        return text.toString();
    }

    static byte[] member(byte[] name, byte[] value) {
        return concat(ascii("\""), name, ascii("\":\""), value, ascii("\""));
    }

    static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    static String show(byte[] bytes) {
        StringBuilder text = new StringBuilder();
        for (byte b : bytes) {
            int v = b & 0xFF;
            text.append(v >= 0x20 && v < 0x7F ? String.valueOf((char) v) : String.format("<%02X>", v));
        }
        return text.toString();
    }
}
