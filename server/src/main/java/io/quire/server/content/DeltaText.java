package io.quire.server.content;

import io.quire.ot.Delta;
import io.quire.ot.Op;

/**
 * A chapter as plain text and back. The text is the document's string inserts joined, embeds left out, as
 * Quill's {@code getText} gives it; formats are lost. Lines end with "\n" (the document's own newlines).
 */
public final class DeltaText {
    private DeltaText() {
    }

    /** The document's text, embeds omitted. */
    public static String toText(Delta document) {
        StringBuilder text = new StringBuilder(document.length());
        for (Op op : document.ops()) {
            if (!(op instanceof Op.Insert insert)) {
                throw new IllegalArgumentException("expected a document (inserts only), got a change: " + document);
            }
            if (insert.isText()) {
                text.append(insert.text());
            }
        }
        return text.toString();
    }

    /**
     * A document holding {@code text} without formats: "\r\n" and lone "\r" become "\n", and a final "\n" is added
     * when missing, since every Quill document ends with one. Null or "" gives the empty document "\n".
     */
    public static Delta fromText(String text) {
        String normalized = text == null ? "" : text.replace("\r\n", "\n").replace('\r', '\n');
        return Delta.ofText(normalized.endsWith("\n") ? normalized : normalized + "\n");
    }
}
