package io.quire.server.history;

/**
 * One entry of a chapter's history: an edit session (consecutive revisions by one author without a long pause,
 * see {@link EditSessions}) or, listed raw, a single revision.
 *
 * @param fromVersion the version of its first op
 * @param toVersion   the version of its last op; the chapter is at {@code toVersion + 1} after it
 * @param author      who made it
 * @param startedAt   epoch ms of the first op
 * @param endedAt     epoch ms of the last op
 * @param ops         how many ops
 * @param changes     units inserted, deleted and re-formatted, summed over the ops
 * @param partial     true when the listing stopped scanning inside the session (it goes on in the next page)
 */
public record Revision(long fromVersion, long toVersion, String author, long startedAt, long endedAt, long ops,
                       ChangeCounts changes, boolean partial) {
}
