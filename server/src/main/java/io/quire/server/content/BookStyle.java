package io.quire.server.content;

/** The stylesheet of the HTML and EPUB exports: a readable book column, and Quill's classes (align, indent, checklists). */
final class BookStyle {
    static final String CSS = """
            body { font-family: Georgia, "Times New Roman", serif; line-height: 1.6; color: #222; margin: 0 auto; padding: 1em; max-width: 40em; }
            h1, h2, h3, h4, h5, h6 { font-family: "Helvetica Neue", Arial, sans-serif; line-height: 1.25; margin: 1.5em 0 0.5em; }
            p { margin: 0 0 0.8em; }
            a { color: #1a5fb4; }
            img { max-width: 100%; height: auto; }
            blockquote { margin: 1em 0; padding: 0 1em; border-left: 3px solid #ccc; color: #555; }
            pre { background: #f5f5f5; padding: 0.8em; overflow-x: auto; white-space: pre-wrap; font-size: 0.9em; }
            code { font-family: Menlo, Consolas, monospace; font-size: 0.9em; }
            .ql-formula { font-family: Menlo, Consolas, monospace; }
            .ql-align-center { text-align: center; }
            .ql-align-right { text-align: right; }
            .ql-align-justify { text-align: justify; }
            .ql-indent-1 { padding-left: 3em; } .ql-indent-2 { padding-left: 6em; } .ql-indent-3 { padding-left: 9em; }
            .ql-indent-4 { padding-left: 12em; } .ql-indent-5 { padding-left: 15em; } .ql-indent-6 { padding-left: 18em; }
            .ql-indent-7 { padding-left: 21em; } .ql-indent-8 { padding-left: 24em; }
            li[data-list] { list-style: none; }
            li[data-list="checked"]::before { content: "\\2611\\00a0"; margin-left: -1.3em; }
            li[data-list="unchecked"]::before { content: "\\2610\\00a0"; margin-left: -1.3em; }
            iframe.ql-video { width: 100%; aspect-ratio: 16 / 9; border: 0; }
            nav.toc ol { padding-left: 1.5em; }
            .authors { font-style: italic; }
            section.chapter { page-break-before: always; break-before: page; }
            """;

    private BookStyle() {
    }
}
