package io.quire.server.content;

import io.quire.ot.Delta;
import org.commonmark.Extension;
import org.commonmark.ext.gfm.strikethrough.StrikethroughExtension;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.HtmlInline;
import org.commonmark.node.ListItem;
import org.commonmark.node.Node;
import org.commonmark.node.Paragraph;
import org.commonmark.node.Text;
import org.commonmark.parser.IncludeSourceSpans;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;

import java.util.List;

/**
 * Reads CommonMark (with GFM strikethrough and task-list items) by rendering it to HTML and reading that with
 * {@link HtmlReader}, which also sanitises any raw HTML the Markdown holds.
 *
 * <p>The task-list extension is not published for this commonmark version, so task items are recognised here:
 * a list item whose first paragraph starts with {@code [ ]}, {@code [x]} or {@code [X]} and whitespace in the
 * source (an escaped {@code \[ ]} is text) gets a leading {@code <input type="checkbox">} in place of the marker,
 * as GitHub renders it, which {@link HtmlReader} reads as a checklist item.
 */
final class MarkdownReader {
    private static final List<Extension> EXTENSIONS = List.of(StrikethroughExtension.create());
    // Both are thread-safe and costly to build.
    private static final Parser PARSER = Parser.builder()
            .extensions(EXTENSIONS)
            .includeSourceSpans(IncludeSourceSpans.BLOCKS)
            .build();
    private static final HtmlRenderer RENDERER = HtmlRenderer.builder().extensions(EXTENSIONS).build();

    private MarkdownReader() {
    }

    static Delta read(String markdown) {
        String source = markdown == null ? "" : markdown;
        Node document = PARSER.parse(source);
        document.accept(new TaskItems(source));
        return HtmlReader.read(RENDERER.render(document));
    }

    /** Replaces the marker of each task item by a checkbox. */
    private static final class TaskItems extends AbstractVisitor {
        private final String source;

        TaskItems(String source) {
            this.source = source;
        }

        @Override
        public void visit(ListItem item) {
            if (item.getFirstChild() instanceof Paragraph paragraph
                    && paragraph.getFirstChild() instanceof Text text
                    && !paragraph.getSourceSpans().isEmpty()) {
                int at = paragraph.getSourceSpans().get(0).getInputIndex();
                String literal = text.getLiteral();
                if (isMarker(source, at) && isMarker(literal, 0)) {
                    // Strip the whitespace written after the marker, counted in the source: a space written as
                    // "&#32;" is content, though it reads the same in the parsed text.
                    int contentStart = 3;
                    while (contentStart < literal.length() && at + contentStart < source.length()
                            && (source.charAt(at + contentStart) == ' ' || source.charAt(at + contentStart) == '\t')) {
                        contentStart++;
                    }
                    boolean checked = literal.charAt(1) != ' ';
                    HtmlInline checkbox = new HtmlInline();
                    checkbox.setLiteral(checked ? "<input type=\"checkbox\" disabled checked>" : "<input type=\"checkbox\" disabled>");
                    text.insertBefore(checkbox);
                    if (contentStart == literal.length()) {
                        text.unlink();
                    } else {
                        text.setLiteral(literal.substring(contentStart));
                    }
                }
            }
            visitChildren(item);
        }

        /** "[ ]", "[x]" or "[X]" at {@code at}, then a space or tab. */
        private static boolean isMarker(String s, int at) {
            return at >= 0 && at + 3 < s.length() && s.charAt(at) == '['
                    && (s.charAt(at + 1) == ' ' || s.charAt(at + 1) == 'x' || s.charAt(at + 1) == 'X')
                    && s.charAt(at + 2) == ']' && (s.charAt(at + 3) == ' ' || s.charAt(at + 3) == '\t');
        }
    }
}
