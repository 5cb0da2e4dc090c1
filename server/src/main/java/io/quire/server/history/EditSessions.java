package io.quire.server.history;

/**
 * When ops belong to one edit session: the entry a person scrolls through in a chapter's history. A session is
 * a run of consecutive revisions (in version order) by one author, each within {@link #PAUSE_MILLIS} of the one
 * before. Another author's revision in between, or a longer pause, starts a new session. The rule looks only at
 * neighbouring revisions, so counting sessions forward (as ops commit) and grouping them backward (when the
 * history is listed, newest first) agree.
 */
public final class EditSessions {
    /** A pause longer than this ends a session. */
    public static final long PAUSE_MILLIS = 60_000;

    private EditSessions() {
    }

    /** Whether a revision by {@code author} at {@code timestamp} continues the session of the revision before it. */
    public static boolean continues(String previousAuthor, long previousTimestamp, String author, long timestamp) {
        return previousAuthor != null && previousAuthor.equals(author) && timestamp - previousTimestamp <= PAUSE_MILLIS;
    }
}
