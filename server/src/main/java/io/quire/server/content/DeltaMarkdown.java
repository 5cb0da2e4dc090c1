package io.quire.server.content;

import io.quire.ot.Delta;

/**
 * A chapter (a Quill document Delta) as CommonMark and back.
 *
 * <p>{@link #toMarkdown} writes ATX headings, paragraphs, {@code **bold**}, {@code *italic*},
 * {@code ~~strike~~} (GFM), {@code `code`}, links, images, lists nested by indent (checklists as GFM task items
 * {@code - [ ]}/{@code - [x]}), {@code >} quotes and fenced code blocks with their language. Text is escaped so
 * that it reads back as the same text. Where CommonMark's emphasis rules cannot delimit a span exactly (around
 * spaces or punctuation, say) the span is written as inline HTML ({@code <strong>}, {@code <em>}, {@code <del>});
 * an empty line is {@code <br>}. What Markdown cannot express is dropped: underline, color, background, script,
 * alignment, indent outside lists; a formula becomes {@code $tex$} text and a video a link.
 *
 * <p>{@link #fromMarkdown} parses CommonMark (GFM strikethrough and task items too) and reads it as
 * {@link DeltaHtml#fromHtml} reads HTML, so raw HTML in the Markdown is sanitised the same way.
 * {@code fromMarkdown(toMarkdown(d)).equals(d)} for every document whose formats are among those Markdown
 * expresses: header, list (any type and indent), blockquote, code-block; bold, italic, strike, code, link;
 * images (with alt).
 */
public final class DeltaMarkdown {
    private DeltaMarkdown() {
    }

    /** The document as CommonMark, ending with a newline; "" for an empty document. */
    public static String toMarkdown(Delta document) {
        return MarkdownWriter.write(document, 0);
    }

    /** The document as CommonMark with every header level raised by {@code shift} (capped at 6). */
    static String toMarkdown(Delta document, int shift) {
        return MarkdownWriter.write(document, shift);
    }

    /** A document read from CommonMark; it always ends with "\n". */
    public static Delta fromMarkdown(String markdown) {
        return MarkdownReader.read(markdown);
    }
}
