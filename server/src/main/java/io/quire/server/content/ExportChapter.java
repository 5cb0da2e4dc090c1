package io.quire.server.content;

import io.quire.ot.Delta;

import java.util.Objects;

/**
 * One chapter of an {@link ExportBook}.
 *
 * @param id the chapter's id, used for anchors in the HTML export (any characters; they are sanitised there)
 * @param title shown in the table of contents and above the chapter; null is taken as ""
 * @param content the chapter's document Delta (inserts only)
 */
public record ExportChapter(String id, String title, Delta content) {
    public ExportChapter {
        id = id == null ? "" : id;
        title = title == null ? "" : title;
        Objects.requireNonNull(content, "content");
    }
}
