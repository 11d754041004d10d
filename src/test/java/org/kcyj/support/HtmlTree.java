package org.kcyj.support;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.attoparser.AbstractMarkupHandler;
import org.attoparser.MarkupParser;
import org.attoparser.ParseException;
import org.attoparser.config.ParseConfiguration;
import org.unbescape.html.HtmlEscape;

/**
 * A page read the way a browser reads it, as far as tests need: its elements with their attributes
 * and text, entities decoded (the parser is Thymeleaf's own, attoparser, in HTML mode: text areas,
 * titles, scripts and styles hold raw text up to their end tag).
 */
public final class HtmlTree {
    /** One element: its name (lower case), attributes in order (decoded) and its own text (decoded). */
    public record Element(String name, Map<String, String> attributes, StringBuilder ownText) {
        public String attribute(String attribute) {
            return attributes.get(attribute);
        }

        public String text() {
            return ownText.toString();
        }
    }

    private final List<Element> elements = new ArrayList<>();
    private final StringBuilder text = new StringBuilder();

    private HtmlTree() {
    }

    public static HtmlTree parse(String html) {
        HtmlTree tree = new HtmlTree();
        try {
            new MarkupParser(ParseConfiguration.htmlConfiguration()).parse(html, tree.new Reader());
        } catch (ParseException e) {
            throw new AssertionError("Not HTML: " + e.getMessage(), e);
        }
        return tree;
    }

    public List<Element> elements() {
        return elements;
    }

    /** All text of the page, decoded, in document order. */
    public String text() {
        return text.toString();
    }

    public Optional<Element> byId(String id) {
        return elements.stream().filter(e -> id.equals(e.attribute("id"))).findFirst();
    }

    /**
     * The page's shape: each element's name with the names of its attributes, in document order. Values
     * put into a page as text leave it unchanged; markup that got through would not.
     *
     * @param ignored attributes whose presence depends on values (checked, selected)
     */
    public List<String> shape(Set<String> ignored) {
        return elements.stream().map(e -> e.name() + e.attributes().keySet().stream().filter(a -> !ignored.contains(a))
                .collect(Collectors.joining(" ", "[", "]"))).toList();
    }

    private final class Reader extends AbstractMarkupHandler {
        private final Deque<Element> open = new ArrayDeque<>();
        private Element current;

        @Override
        public void handleOpenElementStart(char[] buffer, int offset, int len, int line, int col) {
            start(new String(buffer, offset, len), true);
        }

        @Override
        public void handleStandaloneElementStart(char[] buffer, int offset, int len, boolean minimized, int line, int col) {
            start(new String(buffer, offset, len), false);
        }

        @Override
        public void handleAutoOpenElementStart(char[] buffer, int offset, int len, int line, int col) {
            start(new String(buffer, offset, len), true);
        }

        private void start(String name, boolean opens) {
            current = new Element(name.toLowerCase(java.util.Locale.ROOT), new LinkedHashMap<>(), new StringBuilder());
            elements.add(current);
            if (opens) {
                open.push(current);
            }
        }

        @Override
        public void handleAttribute(char[] buffer, int nameOffset, int nameLen, int nameLine, int nameCol,
                                    int operatorOffset, int operatorLen, int operatorLine, int operatorCol,
                                    int valueContentOffset, int valueContentLen, int valueOuterOffset, int valueOuterLen,
                                    int valueLine, int valueCol) {
            current.attributes().put(new String(buffer, nameOffset, nameLen).toLowerCase(java.util.Locale.ROOT),
                    HtmlEscape.unescapeHtml(new String(buffer, valueContentOffset, valueContentLen)));
        }

        @Override
        public void handleCloseElementStart(char[] buffer, int offset, int len, int line, int col) {
            close(new String(buffer, offset, len));
        }

        @Override
        public void handleAutoCloseElementStart(char[] buffer, int offset, int len, int line, int col) {
            close(new String(buffer, offset, len));
        }

        private void close(String name) {
            String lower = name.toLowerCase(java.util.Locale.ROOT);
            while (!open.isEmpty()) {
                if (open.pop().name().equals(lower)) {
                    break;
                }
            }
        }

        @Override
        public void handleText(char[] buffer, int offset, int len, int line, int col) {
            String decoded = HtmlEscape.unescapeHtml(new String(buffer, offset, len));
            text.append(decoded);
            if (!open.isEmpty()) {
                open.peek().ownText().append(decoded);
            }
        }
    }
}
