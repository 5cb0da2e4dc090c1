package io.quire.server.content;

import io.quire.ot.Delta;

/**
 * A chapter (a Quill document Delta) as semantic HTML and back.
 *
 * <p>The HTML is a fragment in the shape of Quill 2's {@code getSemanticHTML}:
 * <ul>
 *   <li>lines: {@code <p>}, {@code <h1>}-{@code <h6>}; an empty line is {@code <p><br></p>}; align and indent are
 *       classes {@code ql-align-center|right|justify} and {@code ql-indent-1..8}</li>
 *   <li>lists: {@code <ol>}/{@code <ul>} of {@code <li>}, nested by indent inside the previous item; checklist
 *       items are {@code <li data-list="checked|unchecked">} in a {@code <ul>}</li>
 *   <li>consecutive blockquote lines: one {@code <blockquote>} with a {@code <p>} per line</li>
 *   <li>consecutive code lines of one language: one {@code <pre>} ({@code <pre data-language="js">} for a
 *       language), plain text, one line per "\n"</li>
 *   <li>inline, outermost first: {@code <a href>}, {@code <span style="color: …; background-color: …">},
 *       {@code <sub>/<sup>}, {@code <u>}, {@code <s>}, {@code <em>}, {@code <strong>}, {@code <code>}</li>
 *   <li>embeds: {@code <img src alt>}, {@code <iframe class="ql-video" src>} (its own block at the start of a
 *       line, as Quill places videos), {@code <span class="ql-formula" data-value="tex">tex</span>}</li>
 * </ul>
 * Unknown formats and embeds, and unsafe values (see {@code Formats}), are left out of the output.
 *
 * <p>{@link #fromHtml} reads that and common pasted HTML ({@code <b>}, {@code <i>}, inline styles, Quill 1 list
 * markup, CommonMark's {@code <pre><code class="language-x">}), keeps only those formats, and always ends the
 * document with "\n". For any document that uses only these formats, with only line formats on its "\n" inserts
 * and only plain text in code lines, {@code fromHtml(toHtml(d)).equals(d)}. A carriage return in text does not
 * survive (HTML reads it as a line break), nor do formats on a "\n" that are not line formats.
 */
public final class DeltaHtml {
    private DeltaHtml() {
    }

    /** The document as an HTML fragment. */
    public static String toHtml(Delta document) {
        return HtmlWriter.write(document, false, 0);
    }

    /**
     * The document as an XHTML fragment for EPUB: well-formed XML ({@code <br/>}, {@code <img …/>} with an
     * {@code alt}), no characters XML forbids, and a video as a link rather than an iframe, which e-readers rarely
     * play. Images keep their (remote) URLs.
     */
    public static String toXhtml(Delta document) {
        return HtmlWriter.write(document, true, 0);
    }

    /** The document as HTML or XHTML with every header level raised by {@code shift} (capped at 6). */
    static String write(Delta document, boolean xhtml, int shift) {
        return HtmlWriter.write(document, xhtml, shift);
    }

    /** A document read from HTML (a fragment or a whole page), sanitised as described above. */
    public static Delta fromHtml(String html) {
        return HtmlReader.read(html);
    }
}
