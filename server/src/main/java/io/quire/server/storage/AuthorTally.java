package io.quire.server.storage;

/**
 * What one author has done to one chapter, counted as their ops committed. Units are UTF-16 code units, an
 * embed counting one, as everywhere in Quire.
 *
 * @param ops       ops committed (create, edits, delete)
 * @param inserted  units inserted, including those since deleted
 * @param deleted   units this author deleted, whoever wrote them
 * @param formatted units whose formatting this author changed
 * @param sessions  edit sessions: runs of consecutive ops by this author without a long pause
 * @param firstEdit epoch ms of the first op
 * @param lastEdit  epoch ms of the latest op
 */
public record AuthorTally(long ops, long inserted, long deleted, long formatted, long sessions, long firstEdit,
                          long lastEdit) {
    public static final AuthorTally NONE = new AuthorTally(0, 0, 0, 0, 0, 0, 0);

    /** This tally after one more op; {@code newSession} when the op starts an edit session. */
    public AuthorTally plus(long insertedUnits, long deletedUnits, long formattedUnits, boolean newSession, long timestamp) {
        return plus(1, insertedUnits, deletedUnits, formattedUnits, newSession, timestamp, timestamp);
    }

    /**
     * This tally after {@code count} more ops made from {@code firstTimestamp} to {@code lastTimestamp} within one
     * edit session: a folded entry counts as the ops it replaced.
     */
    public AuthorTally plus(long count, long insertedUnits, long deletedUnits, long formattedUnits, boolean newSession,
                            long firstTimestamp, long lastTimestamp) {
        return new AuthorTally(ops + count, inserted + insertedUnits, deleted + deletedUnits, formatted + formattedUnits,
                sessions + (newSession ? 1 : 0), ops == 0 ? firstTimestamp : firstEdit, lastTimestamp);
    }
}
