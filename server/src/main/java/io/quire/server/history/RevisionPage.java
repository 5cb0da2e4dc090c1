package io.quire.server.history;

import java.util.List;

/**
 * A page of history entries; {@code next} is the cursor for the next page (a version to pass back), or null
 * when there is nothing further.
 */
public record RevisionPage(List<Revision> revisions, Long next) {
}
