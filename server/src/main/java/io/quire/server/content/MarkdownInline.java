package io.quire.server.content;

import io.quire.ot.AttributeMap;
import io.quire.server.content.DocumentLines.Segment;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Writes one line's inline content as CommonMark: {@code **bold**}, {@code *italic*}, {@code ~~strike~~} (GFM),
 * {@code `code`}, {@code [text](url)}, {@code ![alt](url)}; a formula as {@code $tex$} text, a video as a link.
 * Underline, colour, background and script are dropped: Markdown has no syntax for them.
 *
 * <p>Emphasis delimiters only work where CommonMark's flanking rules let them open and close, so a span uses
 * them only when its content starts and ends with a letter or digit (looking past delimiters of the same kind);
 * otherwise it is written as inline HTML ({@code <strong>}, {@code <em>}, {@code <del>}, {@code <code>}), which
 * CommonMark passes through and {@link HtmlReader} reads back. Formats are nested so the one that lasts longest
 * is outermost, which keeps spans long and delimiters few. Every ASCII character that could start syntax is
 * backslash-escaped; spaces and tabs at the edges of a line, which CommonMark strips, are written as character
 * references.
 */
final class MarkdownInline {
    /** Markdown's marks in their tie-break nesting order, outermost first; code is always innermost. */
    private static final List<String> MARKS = List.of(Formats.LINK, Formats.STRIKE, Formats.ITALIC, Formats.BOLD);

    private MarkdownInline() {
    }

    /** A span of one mark over its children: Integer indexes of segments, or nested spans. */
    private record Span(String mark, Object value, List<Object> children) {
    }

    /** The line's content, ready to follow a block marker ("- ", "# ", "> ") or stand alone. */
    static String line(List<Segment> segments) {
        Span root = nest(segments);
        StringBuilder out = new StringBuilder();
        render(root.children(), segments, out);
        return protectEdges(out.toString());
    }

    /**
     * Builds the span tree: at each segment, spans still wanted stay open as far as the stack allows, and new
     * ones open in order of how many segments they will cover, longest outermost.
     */
    private static Span nest(List<Segment> segments) {
        Span root = new Span(null, null, new ArrayList<>());
        List<Span> open = new ArrayList<>();
        for (int i = 0; i < segments.size(); i++) {
            AttributeMap formats = segments.get(i).attributes();
            int keep = 0;
            while (keep < open.size() && Objects.equals(formats.get(open.get(keep).mark()), open.get(keep).value())) {
                keep++;
            }
            open.subList(keep, open.size()).clear();
            List<String> toOpen = new ArrayList<>();
            for (String mark : MARKS) {
                if (formats.get(mark) != null && open.stream().noneMatch(s -> s.mark().equals(mark))) {
                    toOpen.add(mark);
                }
            }
            final int from = i;
            toOpen.sort((a, b) -> Integer.compare(runLength(segments, from, b), runLength(segments, from, a)));
            for (String mark : toOpen) {
                Span span = new Span(mark, formats.get(mark), new ArrayList<>());
                (open.isEmpty() ? root : open.get(open.size() - 1)).children().add(span);
                open.add(span);
            }
            (open.isEmpty() ? root : open.get(open.size() - 1)).children().add(i);
        }
        return root;
    }

    private static int runLength(List<Segment> segments, int from, String mark) {
        Object value = segments.get(from).attributes().get(mark);
        int end = from;
        while (end < segments.size() && value.equals(segments.get(end).attributes().get(mark))) {
            end++;
        }
        return end - from;
    }

    private static void render(List<Object> children, List<Segment> segments, StringBuilder out) {
        for (Object child : children) {
            if (child instanceof Integer index) {
                leaf(segments, index, out);
            } else {
                span((Span) child, segments, out);
            }
        }
    }

    private static void span(Span span, List<Segment> segments, StringBuilder out) {
        StringBuilder inner = new StringBuilder();
        render(span.children(), segments, inner);
        if (span.mark().equals(Formats.LINK)) {
            out.append('[').append(inner).append("](").append(destination((String) span.value())).append(')');
            return;
        }
        String delimiter = switch (span.mark()) {
            case Formats.BOLD -> "**";
            case Formats.ITALIC -> "*";
            default -> "~~";
        };
        if (flanks(inner, delimiter.charAt(0))) {
            out.append(delimiter).append(inner).append(delimiter);
        } else {
            String tag = switch (span.mark()) {
                case Formats.BOLD -> "strong";
                case Formats.ITALIC -> "em";
                default -> "del";
            };
            out.append('<').append(tag).append('>').append(inner).append("</").append(tag).append('>');
        }
    }

    /** True when the content, past any delimiters of the same kind, starts and ends with a letter or digit. */
    private static boolean flanks(CharSequence inner, char delimiter) {
        int start = 0;
        while (start < inner.length() && inner.charAt(start) == delimiter) {
            start++;
        }
        int end = inner.length();
        while (end > start && inner.charAt(end - 1) == delimiter) {
            end--;
        }
        return end > start
                && Character.isLetterOrDigit(Character.codePointAt(inner, start))
                && Character.isLetterOrDigit(Character.codePointBefore(inner, end));
    }

    private static void leaf(List<Segment> segments, int index, StringBuilder out) {
        Segment segment = segments.get(index);
        boolean code = segment.attributes().get(Formats.CODE) != null;
        if (segment.isText()) {
            if (code) {
                codeSpan(segment.text(), out);
            } else {
                boolean linkNext = index + 1 < segments.size() && segments.get(index + 1).attributes().get(Formats.LINK) != null;
                text(segment.text(), linkNext, out);
            }
            return;
        }
        String value = segment.embedValue();
        switch (segment.embedType()) {
            case Formats.IMAGE -> {
                Object alt = segment.attributes().get(Formats.ALT);
                out.append(code ? "<code>![" : "![");
                text(alt == null ? "" : (String) alt, false, out);
                out.append("](").append(destination(value)).append(code ? ")</code>" : ")");
            }
            case Formats.FORMULA -> text("$" + value + "$", false, out);
            default -> {
                out.append('[');
                text(value, false, out);
                out.append("](").append(destination(value)).append(')');
            }
        }
    }

    /** Plain text as a line of Markdown (a title, say): escaped, edges protected; newlines become spaces. */
    static String plain(String text) {
        StringBuilder out = new StringBuilder(text.length() + 8);
        text(text.replace('\r', ' ').replace('\n', ' '), false, out);
        return protectEdges(out.toString());
    }

    /** Text with every character that could start syntax escaped; a final '!' too when a link follows ("![" is an image). */
    static void text(String text, boolean linkNext, StringBuilder out) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\\', '`', '*', '_', '[', ']', '<', '>', '&', '~', '#', '|' -> out.append('\\').append(c);
                case '!' -> {
                    boolean beforeBracket = i + 1 < text.length() ? text.charAt(i + 1) == '[' : linkNext;
                    out.append(beforeBracket ? "\\!" : "!");
                }
                default -> out.append(c);
            }
        }
    }

    /**
     * A code span fenced by one more backtick than the longest run inside. CommonMark strips one space from each
     * end when both ends have one and the content is not all spaces (U+0020 only: a tab counts as content), so
     * content that starts or ends with a backtick, or with spaces at both ends, is padded with a space each side.
     */
    private static void codeSpan(String text, StringBuilder out) {
        int longest = 0;
        int run = 0;
        for (int i = 0; i < text.length(); i++) {
            run = text.charAt(i) == '`' ? run + 1 : 0;
            longest = Math.max(longest, run);
        }
        String fence = "`".repeat(longest + 1);
        boolean pad = text.startsWith("`") || text.endsWith("`")
                || text.startsWith(" ") && text.endsWith(" ") && text.chars().anyMatch(c -> c != ' ');
        out.append(fence).append(pad ? " " : "").append(text).append(pad ? " " : "").append(fence);
    }

    /**
     * A link destination: bare when it can be, else in angle brackets (which allow spaces). Backslashes and
     * parentheses are escaped, and an '&' that would read as a character reference.
     */
    static String destination(String url) {
        boolean pointy = url.isEmpty() || url.charAt(0) == '<';
        for (int i = 0; i < url.length() && !pointy; i++) {
            char c = url.charAt(i);
            pointy = c <= ' ' || c == '\u007F' || c == '<' || c == '>';
        }
        StringBuilder out = new StringBuilder(url.length() + 8);
        if (pointy) {
            out.append('<');
        }
        for (int i = 0; i < url.length(); i++) {
            char c = url.charAt(i);
            if (c == '\\' || c == '(' || c == ')' || c == '<' || c == '>' || c == '&' && startsReference(url, i)) {
                out.append('\\');
            }
            out.append(c);
        }
        return pointy ? out.append('>').toString() : out.toString();
    }

    private static boolean startsReference(String s, int amp) {
        int i = amp + 1;
        while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '#')) {
            i++;
        }
        return i > amp + 1 && i < s.length() && s.charAt(i) == ';';
    }

    /**
     * CommonMark strips spaces and tabs around a line and reads "-", "+", "=", "1." or "1)" at its start as block
     * syntax; edge whitespace becomes character references and those starts are escaped.
     */
    private static String protectEdges(String content) {
        int start = 0;
        while (start < content.length() && isSpace(content.charAt(start))) {
            start++;
        }
        int end = content.length();
        while (end > start && isSpace(content.charAt(end - 1))) {
            end--;
        }
        StringBuilder out = new StringBuilder(content.length() + 8);
        references(content, 0, start, out);
        if (start < end) {
            char first = content.charAt(start);
            int digits = start;
            while (digits < end && digits - start < 10 && Character.isDigit(content.charAt(digits)) && content.charAt(digits) < 128) {
                digits++;
            }
            if (first == '-' || first == '+' || first == '=') {
                out.append('\\').append(content, start, end);
            } else if (digits > start && digits < end && (content.charAt(digits) == '.' || content.charAt(digits) == ')')) {
                out.append(content, start, digits).append('\\').append(content, digits, end);
            } else {
                out.append(content, start, end);
            }
        }
        references(content, end, content.length(), out);
        return out.toString();
    }

    private static void references(String s, int from, int to, StringBuilder out) {
        for (int i = from; i < to; i++) {
            out.append(s.charAt(i) == '\t' ? "&#9;" : "&#32;");
        }
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t';
    }
}
