/**
 * Chapter content in other formats, and book export.
 *
 * <p>A chapter is a Quill document Delta (inserts only, ending with "\n"). {@link io.quire.server.content.DeltaHtml}
 * (semantic HTML and EPUB's XHTML, and back from sanitised HTML), {@link io.quire.server.content.DeltaMarkdown}
 * (CommonMark) and {@link io.quire.server.content.DeltaText} convert one chapter; each class's header says its
 * format and what survives a round trip. {@link io.quire.server.content.BookHtml},
 * {@link io.quire.server.content.BookMarkdown} and {@link io.quire.server.content.EpubWriter} export a whole
 * {@link io.quire.server.content.ExportBook}.
 *
 * <p>Inside: {@code DocumentLines} cuts a Delta into lines and block videos, checking every format once
 * ({@code Formats}, {@code LineFormat}); the writers ({@code HtmlWriter}, {@code MarkdownWriter},
 * {@code MarkdownInline}) work from those lines. {@code HtmlReader} reads HTML through an allow-list
 * ({@code BlockContext}, {@code InlineFormats}); {@code MarkdownReader} renders Markdown to HTML and reads that.
 * Everything here is stateless and thread-safe; nothing does I/O but {@code EpubWriter} writing to its stream.
 */
package io.quire.server.content;
