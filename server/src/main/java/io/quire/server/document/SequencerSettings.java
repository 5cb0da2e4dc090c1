package io.quire.server.document;

/**
 * How documents are sequenced and kept.
 *
 * @param snapshotInterval a snapshot is stored every this many versions, so loading a document or fetching a
 *                         past version replays at most this many ops
 * @param recentOps        ops kept in memory per open document at least, for transforming late ops and catching up
 * @param recentMillis     ops younger than this are kept in memory too, however many: in a busy chapter a slow
 *                         client's ops are based that far back, and reading them from the store would slow the
 *                         chapter down just when it is busiest
 * @param maxBatch         submissions committed together at most, per document
 * @param idleMillis       an open document nobody has used for this long is unloaded
 */
public record SequencerSettings(int snapshotInterval, int recentOps, long recentMillis, int maxBatch, long idleMillis) {
    /**
     * 200 recent ops, or 5 seconds of them in a busy chapter. Keeping 1,000 whatever their age held a million ops
     * in memory with 1,000 busy chapters, and the collector's work on them cost about 4% of the throughput.
     */
    public static final SequencerSettings DEFAULTS = new SequencerSettings(100, 200, 5_000, 500, 60_000);

    public SequencerSettings {
        if (snapshotInterval < 1 || recentOps < 0 || recentMillis < 0 || maxBatch < 1 || idleMillis < 0) {
            throw new IllegalArgumentException("invalid sequencer settings");
        }
    }
}
