package io.quire.server.storage;

import java.util.Objects;

/**
 * A named version of a chapter ("sent to publisher").
 *
 * @param name      unique within the chapter
 * @param version   the version it names
 * @param createdAt epoch ms when it was made (kept when renamed)
 * @param createdBy who made it
 */
public record Label(String name, long version, long createdAt, String createdBy) {
    public Label {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(createdBy, "createdBy");
        if (version < 0) {
            throw new IllegalArgumentException("version must be >= 0, got " + version);
        }
    }

    public Label renamed(String newName) {
        return new Label(newName, version, createdAt, createdBy);
    }
}
