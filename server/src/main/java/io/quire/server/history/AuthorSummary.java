package io.quire.server.history;

import io.quire.server.storage.AuthorTally;

/**
 * One author's statistics for a chapter.
 *
 * @param author  who
 * @param present units of the current contents they wrote
 * @param tally   their ops, units inserted, deleted and formatted, edit sessions, first and last edit
 */
public record AuthorSummary(String author, long present, AuthorTally tally) {
}
