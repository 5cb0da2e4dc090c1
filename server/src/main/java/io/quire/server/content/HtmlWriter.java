package io.quire.server.content;

import io.quire.ot.AttributeMap;
import io.quire.ot.Delta;
import io.quire.server.content.DocumentLines.Block;
import io.quire.server.content.DocumentLines.BlockVideo;
import io.quire.server.content.DocumentLines.Line;
import io.quire.server.content.DocumentLines.Segment;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Predicate;

/**
 * Writes a document as semantic HTML, or XHTML, in the shape of Quill 2's {@code getSemanticHTML}; the tags are
 * listed on {@link DeltaHtml}. Top-level blocks are separated by a newline, which {@link HtmlReader} ignores; no
 * other whitespace is added, because inside a line every character is content.
 */
final class HtmlWriter {
    private final boolean xhtml;
    private final int headingShift;
    private final StringBuilder out = new StringBuilder();

    private HtmlWriter(boolean xhtml, int headingShift) {
        this.xhtml = xhtml;
        this.headingShift = headingShift;
    }

    /**
     * @param headingShift added to every header level (capped at 6), so a chapter's headings nest under the
     *     headings a book export puts above them
     */
    static String write(Delta document, boolean xhtml, int headingShift) {
        HtmlWriter writer = new HtmlWriter(xhtml, headingShift);
        writer.blocks(DocumentLines.split(document));
        return writer.out.toString();
    }

    private void blocks(List<Block> blocks) {
        int i = 0;
        while (i < blocks.size()) {
            if (blocks.get(i) instanceof BlockVideo video) {
                blockVideo(video.url());
                i++;
            } else {
                Line line = (Line) blocks.get(i);
                LineFormat format = line.format();
                switch (format.kind()) {
                    case LIST -> i = list(blocks, i);
                    case CODE -> i = code(blocks, i, format.value());
                    case BLOCKQUOTE -> i = quote(blocks, i);
                    case HEADER -> {
                        String tag = "h" + Math.min(6, format.headerLevel() + headingShift);
                        block(tag, line, true);
                        i++;
                    }
                    case PARAGRAPH -> {
                        block("p", line, true);
                        i++;
                    }
                }
            }
            out.append('\n');
        }
    }

    /** The index after the run of lines from {@code start} that match. */
    private static int runEnd(List<Block> blocks, int start, Predicate<LineFormat> matches) {
        int end = start;
        while (end < blocks.size() && blocks.get(end) instanceof Line line && matches.test(line.format())) {
            end++;
        }
        return end;
    }

    private void block(String tag, Line line, boolean withIndent) {
        out.append('<').append(tag);
        classes(line.format(), withIndent);
        out.append('>');
        inline(line);
        out.append("</").append(tag).append('>');
    }

    private void classes(LineFormat format, boolean withIndent) {
        String align = format.align() == null ? null : "ql-align-" + format.align();
        String indent = withIndent && format.indent() > 0 ? "ql-indent-" + format.indent() : null;
        if (align != null || indent != null) {
            out.append(" class=\"").append(align == null ? indent : indent == null ? align : align + " " + indent).append('"');
        }
    }

    /** Consecutive blockquote lines share one {@code <blockquote>}, a {@code <p>} per line. */
    private int quote(List<Block> blocks, int start) {
        int end = runEnd(blocks, start, f -> f.kind() == LineFormat.Kind.BLOCKQUOTE);
        out.append("<blockquote>");
        for (int i = start; i < end; i++) {
            block("p", (Line) blocks.get(i), true);
        }
        out.append("</blockquote>");
        return end;
    }

    /**
     * Consecutive code lines of one language share a {@code <pre>}. In HTML the text is framed by newlines, as
     * Quill 2 does: the parser drops a newline right after {@code <pre>}, so a first empty line survives, and the
     * reader drops the one before {@code </pre>}. XML parsers drop neither, so XHTML has only the closing one.
     */
    private int code(List<Block> blocks, int start, Object language) {
        int end = runEnd(blocks, start, f -> f.kind() == LineFormat.Kind.CODE && f.value().equals(language));
        out.append("<pre");
        if (language instanceof String name) {
            out.append(" data-language=\"");
            Markup.appendAttribute(out, name, xhtml);
            out.append('"');
        }
        out.append('>');
        if (!xhtml) {
            out.append('\n');
        }
        for (int i = start; i < end; i++) {
            Markup.appendText(out, ((Line) blocks.get(i)).text(), xhtml);
            out.append('\n');
        }
        out.append("</pre>");
        return end;
    }

    /**
     * A run of list lines, nested by indent as Quill 2's {@code convertListHTML} nests them: a deeper list goes
     * inside the previous item, a jump of more than one level opens items without content of their own, and a
     * change of list type at one level starts a new list. Checklist items carry {@code data-list}.
     */
    private int list(List<Block> blocks, int start) {
        int end = runEnd(blocks, start, f -> f.kind() == LineFormat.Kind.LIST);
        Deque<String> types = new ArrayDeque<>();
        int last = -1;
        for (int i = start; i < end; i++) {
            Line line = (Line) blocks.get(i);
            int indent = line.format().indent();
            String type = line.format().listType();
            if (indent > last) {
                for (int level = last + 1; level <= indent; level++) {
                    types.push(type);
                    out.append('<').append(listTag(type)).append('>');
                    if (level == indent) {
                        openItem(line);
                    } else {
                        out.append("<li>");
                    }
                }
            } else {
                for (; last > indent; last--) {
                    out.append("</li></").append(listTag(types.pop())).append('>');
                }
                if (!type.equals(types.peek())) {
                    out.append("</li></").append(listTag(types.pop())).append('>');
                    types.push(type);
                    out.append('<').append(listTag(type)).append('>');
                } else {
                    out.append("</li>");
                }
                openItem(line);
            }
            last = indent;
            inline(line);
        }
        while (!types.isEmpty()) {
            out.append("</li></").append(listTag(types.pop())).append('>');
        }
        return end;
    }

    private static String listTag(String type) {
        return "ordered".equals(type) ? "ol" : "ul";
    }

    private void openItem(Line line) {
        out.append("<li");
        String type = line.format().listType();
        if (type.equals("checked") || type.equals("unchecked")) {
            out.append(" data-list=\"").append(type).append('"');
        }
        classes(line.format(), false);
        out.append('>');
    }

    private void blockVideo(String url) {
        if (xhtml) {
            out.append("<p class=\"ql-video\">");
            video(url);
            out.append("</p>");
        } else {
            video(url);
        }
    }

    /** EPUB readers rarely play remote iframes, so XHTML links to the video instead. */
    private void video(String url) {
        if (xhtml) {
            out.append("<a class=\"ql-video\" href=\"");
            Markup.appendAttribute(out, url, true);
            out.append("\">");
            Markup.appendText(out, url, true);
            out.append("</a>");
        } else {
            out.append("<iframe class=\"ql-video\" frameborder=\"0\" allowfullscreen=\"true\" src=\"");
            Markup.appendAttribute(out, url, false);
            out.append("\"></iframe>");
        }
    }

    /** A line's content; an empty line holds a {@code <br>} so it keeps its height, as in Quill. */
    private void inline(Line line) {
        if (line.isEmpty()) {
            out.append(xhtml ? "<br/>" : "<br>");
            return;
        }
        List<String[]> open = new ArrayList<>();
        for (Segment segment : line.segments()) {
            List<String[]> wanted = tags(segment.attributes());
            int keep = 0;
            while (keep < open.size() && keep < wanted.size() && open.get(keep)[0].equals(wanted.get(keep)[0])) {
                keep++;
            }
            for (int i = open.size() - 1; i >= keep; i--) {
                out.append(open.remove(i)[1]);
            }
            for (int i = keep; i < wanted.size(); i++) {
                out.append(wanted.get(i)[0]);
                open.add(wanted.get(i));
            }
            content(segment);
        }
        for (int i = open.size() - 1; i >= 0; i--) {
            out.append(open.get(i)[1]);
        }
    }

    /**
     * Open and close tags for a segment's formats, outermost first. The order is fixed (Quill's blot order: link
     * outside, code inside) so neighbouring segments share their outer tags instead of reopening them.
     */
    private List<String[]> tags(AttributeMap attributes) {
        List<String[]> tags = new ArrayList<>(4);
        if (attributes.isEmpty()) {
            return tags;
        }
        if (attributes.get(Formats.LINK) instanceof String url) {
            tags.add(new String[] {"<a href=\"" + Markup.attribute(url, xhtml) + "\">", "</a>"});
        }
        Object color = attributes.get(Formats.COLOR);
        Object background = attributes.get(Formats.BACKGROUND);
        if (color != null || background != null) {
            String style = (color == null ? "" : "color: " + color)
                    + (color != null && background != null ? "; " : "")
                    + (background == null ? "" : "background-color: " + background);
            tags.add(new String[] {"<span style=\"" + Markup.attribute(style, xhtml) + "\">", "</span>"});
        }
        Object script = attributes.get(Formats.SCRIPT);
        if (script != null) {
            tags.add("sub".equals(script) ? new String[] {"<sub>", "</sub>"} : new String[] {"<sup>", "</sup>"});
        }
        addIf(tags, attributes, Formats.UNDERLINE, "u");
        addIf(tags, attributes, Formats.STRIKE, "s");
        addIf(tags, attributes, Formats.ITALIC, "em");
        addIf(tags, attributes, Formats.BOLD, "strong");
        addIf(tags, attributes, Formats.CODE, "code");
        return tags;
    }

    private static void addIf(List<String[]> tags, AttributeMap attributes, String format, String tag) {
        if (attributes.containsKey(format)) {
            tags.add(new String[] {"<" + tag + ">", "</" + tag + ">"});
        }
    }

    private void content(Segment segment) {
        if (segment.isText()) {
            Markup.appendText(out, segment.text(), xhtml);
            return;
        }
        String value = segment.embedValue();
        switch (segment.embedType()) {
            case Formats.IMAGE -> {
                out.append("<img src=\"");
                Markup.appendAttribute(out, value, xhtml);
                out.append('"');
                Object alt = segment.attributes().get(Formats.ALT);
                if (alt != null || xhtml) {
                    out.append(" alt=\"");
                    Markup.appendAttribute(out, alt == null ? "" : (String) alt, xhtml);
                    out.append('"');
                }
                out.append(xhtml ? "/>" : ">");
            }
            case Formats.FORMULA -> {
                out.append("<span class=\"ql-formula\" data-value=\"");
                Markup.appendAttribute(out, value, xhtml);
                out.append("\">");
                Markup.appendText(out, value, xhtml);
                out.append("</span>");
            }
            default -> video(value);
        }
    }
}
