package io.quire.server.content;

import io.quire.ot.Delta;
import io.quire.server.content.DocumentLines.Block;
import io.quire.server.content.DocumentLines.BlockVideo;
import io.quire.server.content.DocumentLines.Line;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Writes a document as CommonMark blocks, separated by blank lines: ATX headings, paragraphs, tight lists
 * ({@code -}, {@code 1.}, GFM task items {@code - [ ]}/{@code - [x]}) nested by indent, {@code >} quotes with a
 * paragraph per line, and fenced code blocks with their language. Inline content is {@link MarkdownInline}'s.
 *
 * <p>Markdown has no empty paragraph, so an empty line is written as {@code <br>}, which CommonMark passes
 * through as HTML; in a list it is {@code <!-- --><br>}, since a bare {@code <br>} block would run on into the
 * item's nested list. Alignment, and indent outside lists, are dropped.
 */
final class MarkdownWriter {
    private static final String EMPTY_LINE = "<br>";
    private static final String EMPTY_ITEM = "<!-- --><br>";

    private final int headingShift;
    private final List<String> blocks = new ArrayList<>();

    private MarkdownWriter(int headingShift) {
        this.headingShift = headingShift;
    }

    /** @param headingShift added to every header level (capped at 6), so chapter headings nest in a book */
    static String write(Delta document, int headingShift) {
        MarkdownWriter writer = new MarkdownWriter(headingShift);
        writer.write(DocumentLines.split(document));
        // An empty document (one empty line) is "", which reads back as the same "\n".
        boolean empty = writer.blocks.isEmpty() || writer.blocks.size() == 1 && writer.blocks.get(0).equals(EMPTY_LINE);
        return empty ? "" : String.join("\n\n", writer.blocks) + "\n";
    }

    private void write(List<Block> lines) {
        int i = 0;
        while (i < lines.size()) {
            if (lines.get(i) instanceof BlockVideo video) {
                StringBuilder link = new StringBuilder("[");
                MarkdownInline.text(video.url(), false, link);
                blocks.add(link.append("](").append(MarkdownInline.destination(video.url())).append(')').toString());
                i++;
                continue;
            }
            Line line = (Line) lines.get(i);
            switch (line.format().kind()) {
                case LIST -> i = list(lines, i);
                case CODE -> i = code(lines, i, line.format().value());
                case BLOCKQUOTE -> i = quote(lines, i);
                case HEADER -> {
                    String marker = "#".repeat(Math.min(6, line.format().headerLevel() + headingShift));
                    blocks.add(line.isEmpty() ? marker : marker + " " + MarkdownInline.line(line.segments()));
                    i++;
                }
                case PARAGRAPH -> {
                    blocks.add(line.isEmpty() ? EMPTY_LINE : MarkdownInline.line(line.segments()));
                    i++;
                }
            }
        }
    }

    private static int runEnd(List<Block> lines, int start, Predicate<LineFormat> matches) {
        int end = start;
        while (end < lines.size() && lines.get(end) instanceof Line line && matches.test(line.format())) {
            end++;
        }
        return end;
    }

    private int quote(List<Block> lines, int start) {
        int end = runEnd(lines, start, f -> f.kind() == LineFormat.Kind.BLOCKQUOTE);
        StringBuilder quote = new StringBuilder();
        for (int i = start; i < end; i++) {
            Line line = (Line) lines.get(i);
            quote.append(i == start ? "" : "\n>\n").append("> ")
                    .append(line.isEmpty() ? EMPTY_LINE : MarkdownInline.line(line.segments()));
        }
        blocks.add(quote.toString());
        return end;
    }

    /** A fence one backtick longer than any run of backticks in the code, so no code line can close it. */
    private int code(List<Block> lines, int start, Object language) {
        int end = runEnd(lines, start, f -> f.kind() == LineFormat.Kind.CODE && f.value().equals(language));
        StringBuilder text = new StringBuilder();
        for (int i = start; i < end; i++) {
            text.append(((Line) lines.get(i)).text()).append('\n');
        }
        int longest = 0;
        int run = 0;
        for (int i = 0; i < text.length(); i++) {
            run = text.charAt(i) == '`' ? run + 1 : 0;
            longest = Math.max(longest, run);
        }
        String fence = "`".repeat(Math.max(3, longest + 1));
        blocks.add(fence + (language instanceof String name ? name : "") + "\n" + text + fence);
        return end;
    }

    /**
     * A run of list lines. An item's children are indented to its content column; a jump of several levels puts
     * the missing items' markers on the same line ("- - item"), which CommonMark reads as items holding only a
     * list, as {@link DeltaHtml} writes them. A change between ordered and unordered starts a new list; ordered
     * items are numbered from 1 in each list.
     */
    private int list(List<Block> lines, int start) {
        int end = runEnd(lines, start, f -> f.kind() == LineFormat.Kind.LIST);
        int levels = LineFormat.MAX_INDENT + 1;
        int[] column = new int[levels + 1];   // column[l]: where items of level l start
        boolean[] ordered = new boolean[levels];
        int[] number = new int[levels];
        int depth = -1;                        // deepest level with an open list
        StringBuilder list = new StringBuilder();
        for (int i = start; i < end; i++) {
            Line line = (Line) lines.get(i);
            int indent = line.format().indent();
            String type = line.format().listType();
            boolean isOrdered = type.equals("ordered");
            if (indent <= depth && ordered[indent] != isOrdered) {
                depth = indent - 1;            // a new list at this level
            }
            depth = Math.min(depth, indent);
            if (i > start) {
                list.append('\n');
            }
            int first = depth == indent ? indent : depth + 1;
            list.append(" ".repeat(column[first]));
            for (int level = first; level <= indent; level++) {
                if (level > depth) {
                    ordered[level] = isOrdered;
                    number[level] = 0;
                }
                String marker = isOrdered ? ++number[level] + ". " : "- ";
                list.append(marker);
                column[level + 1] = column[level] + marker.length();
            }
            depth = indent;
            if (type.equals("checked") || type.equals("unchecked")) {
                list.append(type.equals("checked") ? "[x] " : "[ ] ");
            }
            list.append(line.isEmpty() ? EMPTY_ITEM : MarkdownInline.line(line.segments()));
        }
        blocks.add(list.toString());
        return end;
    }
}
