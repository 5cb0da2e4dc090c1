package io.quire.server.content;

import io.quire.ot.AttributeMap;
import io.quire.ot.Delta;
import io.quire.ot.DeltaBuilder;
import io.quire.ot.Embed;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeFilter;
import org.jsoup.select.NodeTraversor;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Reads HTML into a document Delta by walking jsoup's DOM with an allow-list: only the tags and attributes of
 * {@link DeltaHtml} become formats; other elements pass their text through; scripts, styles and form controls
 * are dropped with their content. The walk is jsoup's iterative traversal with an explicit stack, so deeply
 * nested input cannot overflow the thread's stack.
 *
 * <p>Whitespace: spaces and tabs are content and are kept exactly (that is what makes
 * {@code fromHtml(toHtml(d)) == d}); a line break and the whitespace after it are source formatting and become
 * one space, or nothing at the start or end of a line, as a browser shows them. Whitespace-only text directly
 * inside a container such as {@code <ul>} or {@code <body>} is indentation between blocks and is skipped.
 */
final class HtmlReader implements NodeFilter {
    private static final Set<String> DROPPED = Set.of("script", "style", "template", "head", "title", "meta", "link",
            "noscript", "object", "embed", "svg", "math", "select", "textarea", "button", "canvas", "audio",
            "source", "track", "applet", "frameset", "frame", "param", "base", "input");
    private static final Set<String> CONTAINERS = Set.of("html", "body", "ul", "ol", "blockquote", "div", "section",
            "article", "aside", "nav", "header", "footer", "main", "table", "thead", "tbody", "tfoot", "tr", "dl",
            "figure", "details", "fieldset", "form", "address", "center", "hgroup", "menu", "colgroup");
    private static final Set<String> LINE_BLOCKS = Set.of("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "dt", "dd",
            "td", "th", "caption", "figcaption", "summary", "legend", "hr");
    /** Blocks that are an (empty) line even with no content, as Quill shows them. */
    private static final Set<String> EMPTY_LINE_BLOCKS = Set.of("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote");

    private record Frame(Element element, BlockContext context, AttributeMap inline, boolean block, int linesBefore) {
    }

    private final DeltaBuilder out = new DeltaBuilder();
    private final Deque<Frame> frames = new ArrayDeque<>();
    private boolean lineHasContent;
    private boolean lastWasSpace;
    private boolean pendingSpace;
    private AttributeMap pendingSpaceFormats = AttributeMap.EMPTY;
    private boolean endsWithNewline;
    private int linesEmitted;

    private HtmlReader() {
        frames.push(new Frame(null, BlockContext.ROOT, AttributeMap.EMPTY, true, 0));
    }

    static Delta read(String html) {
        Document document = Jsoup.parse(html == null ? "" : html);
        HtmlReader reader = new HtmlReader();
        if (document.body() != null) {
            NodeTraversor.filter(reader, document.body());
        }
        if (reader.lineHasContent) {
            reader.endLine(BlockContext.ROOT);
        }
        if (!reader.endsWithNewline) {
            reader.out.insert("\n");
        }
        return reader.out.build();
    }

    @Override
    public FilterResult head(Node node, int depth) {
        if (node instanceof TextNode text) {
            text(text);
            return FilterResult.CONTINUE;
        }
        if (!(node instanceof Element element)) {
            return FilterResult.CONTINUE;
        }
        String name = element.normalName();
        if (DROPPED.contains(name)) {
            return FilterResult.SKIP_ENTIRELY;
        }
        switch (name) {
            case "br" -> endLine(frames.peek().context());
            case "img" -> image(element);
            case "iframe", "video" -> video(element);
            case "pre" -> pre(element);
            default -> {
                if (name.equals("span") && element.hasClass("ql-formula")) {
                    formula(element);
                    return FilterResult.SKIP_ENTIRELY;
                }
                Frame parent = frames.peek();
                if (CONTAINERS.contains(name) || LINE_BLOCKS.contains(name)) {
                    if (lineHasContent) {
                        endLine(parent.context());
                    }
                    BlockContext context = BlockContext.of(element, name, parent.context());
                    frames.push(new Frame(element, context, parent.inline(), true, linesEmitted));
                } else {
                    frames.push(new Frame(element, parent.context(), InlineFormats.of(element, name, parent.inline()), false, 0));
                }
                return FilterResult.CONTINUE;
            }
        }
        return FilterResult.SKIP_ENTIRELY;
    }

    @Override
    public FilterResult tail(Node node, int depth) {
        if (node instanceof Element && frames.peek().element() == node) {
            Frame frame = frames.pop();
            if (frame.block()) {
                endBlock(frame);
            }
        }
        return FilterResult.CONTINUE;
    }

    private void endBlock(Frame frame) {
        if (lineHasContent) {
            endLine(frame.context());
        } else if (linesEmitted == frame.linesBefore() && EMPTY_LINE_BLOCKS.contains(frame.element().normalName())) {
            endLine(frame.context());
        } else {
            pendingSpace = false;
        }
    }

    private void endLine(BlockContext context) {
        out.insert("\n", context.lineAttributes());
        linesEmitted++;
        lineHasContent = false;
        lastWasSpace = false;
        pendingSpace = false;
        endsWithNewline = true;
    }

    private void text(TextNode node) {
        String text = node.getWholeText();
        if (text.isEmpty()) {
            return;
        }
        Frame frame = frames.peek();
        if (isBlank(text) && frame.element() != null && CONTAINERS.contains(frame.element().normalName())) {
            Node next = node.nextSibling();
            if (!lineHasContent || next == null || next instanceof Element e
                    && (CONTAINERS.contains(e.normalName()) || LINE_BLOCKS.contains(e.normalName()) || e.normalName().equals("pre"))) {
                return;
            }
        }
        int i = 0;
        while (i < text.length()) {
            int j = i;
            if (isHtmlSpace(text.charAt(i))) {
                // Spaces and tabs before the first line break are content (CommonMark ends an item's text
                // with "\n" before its nested list, after any trailing space); from the break on, formatting.
                int lineBreak = -1;
                for (; j < text.length() && isHtmlSpace(text.charAt(j)); j++) {
                    char c = text.charAt(j);
                    if (lineBreak < 0 && (c == '\n' || c == '\r' || c == '\f')) {
                        lineBreak = j;
                    }
                }
                if (lineBreak != i) {
                    append(text.substring(i, lineBreak < 0 ? j : lineBreak), frame.inline());
                }
                if (lineBreak >= 0 && lineHasContent && !lastWasSpace) {
                    pendingSpace = true;
                    pendingSpaceFormats = frame.inline();
                }
            } else {
                while (j < text.length() && !isHtmlSpace(text.charAt(j))) {
                    j++;
                }
                append(text.substring(i, j), frame.inline());
            }
            i = j;
        }
    }

    private void append(String text, AttributeMap formats) {
        flushPendingSpace();
        out.insert(text, formats);
        char last = text.charAt(text.length() - 1);
        lastWasSpace = last == ' ' || last == '\t' || last == '\u00A0';
        lineHasContent = true;
        endsWithNewline = false;
    }

    private void appendEmbed(Embed embed, AttributeMap formats) {
        flushPendingSpace();
        out.insert(embed, formats);
        lastWasSpace = false;
        lineHasContent = true;
        endsWithNewline = false;
    }

    private void flushPendingSpace() {
        if (pendingSpace) {
            out.insert(" ", pendingSpaceFormats);
            pendingSpace = false;
        }
    }

    private void image(Element element) {
        String src = element.attr("src").trim();
        if (!Formats.isSafeImage(src)) {
            return;
        }
        AttributeMap formats = frames.peek().inline();
        String alt = element.attr("alt");
        if (!alt.isEmpty()) {
            Map<String, Object> withAlt = new LinkedHashMap<>(formats.asMap());
            withAlt.put(Formats.ALT, alt);
            formats = AttributeMap.of(withAlt);
        }
        appendEmbed(Embed.of(Formats.IMAGE, src), formats);
    }

    /**
     * A video at the start of a line is a Quill block embed: it goes in without a "\n" and without making the line
     * non-empty, so the block that follows is the next line (as in {@code <iframe/><p>b</p>}).
     */
    private void video(Element element) {
        String src = element.attr("src").trim();
        if (!Formats.isSafeVideo(src)) {
            return;
        }
        if (lineHasContent) {
            appendEmbed(Embed.of(Formats.VIDEO, src), AttributeMap.EMPTY);
        } else {
            out.insert(Embed.of(Formats.VIDEO, src));
            endsWithNewline = false;
        }
    }

    private void formula(Element element) {
        String value = element.hasAttr("data-value") ? element.attr("data-value") : element.wholeText();
        if (!value.isEmpty()) {
            appendEmbed(Embed.of(Formats.FORMULA, value), frames.peek().inline());
        }
    }

    /**
     * A code block: one line per "\n" of its text, all plain. A newline just before {@code </pre>} closes the last
     * line rather than starting another (Quill 2 and CommonMark both end the text with one).
     */
    private void pre(Element element) {
        if (lineHasContent) {
            endLine(frames.peek().context());
        }
        StringBuilder text = new StringBuilder();
        NodeTraversor.traverse((node, depth) -> {
            if (node instanceof TextNode t) {
                text.append(t.getWholeText());
            } else if (node instanceof Element e && e.normalName().equals("br")) {
                text.append('\n');
            }
        }, element);
        if (text.length() > 0 && text.charAt(text.length() - 1) == '\n') {
            text.setLength(text.length() - 1);
        }
        AttributeMap attributes = new LineFormat(LineFormat.Kind.CODE, BlockContext.codeLanguage(element), null, 0).toAttributes();
        for (String line : text.toString().split("\n", -1)) {
            out.insert(line, AttributeMap.EMPTY);
            out.insert("\n", attributes);
            linesEmitted++;
        }
        lineHasContent = false;
        lastWasSpace = false;
        pendingSpace = false;
        endsWithNewline = true;
    }

    private static boolean isHtmlSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
    }

    private static boolean isBlank(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (!isHtmlSpace(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}
