package io.quire.server.history;

import io.quire.ot.Delta;

import java.util.List;

/**
 * The change between two versions of a chapter: a Delta that turns the contents at {@code from} into those at
 * {@code to}, and who did what in between.
 */
public record VersionDiff(long from, long to, Delta change, List<AuthorChange> authors) {
}
