package io.quire.server.document;

/**
 * How documents are sequenced and kept.
 *
 * @param snapshotInterval a snapshot is stored every this many versions, so loading a document or fetching a
 *                         past version replays at most this many ops
 * @param recentOps        ops kept in memory per open document, for transforming late ops and catching up
 * @param maxBatch         submissions committed together at most, per document
 * @param idleMillis       an open document nobody has used for this long is unloaded
 */
public record SequencerSettings(int snapshotInterval, int recentOps, int maxBatch, long idleMillis) {
    public static final SequencerSettings DEFAULTS = new SequencerSettings(100, 1000, 500, 60_000);

    public SequencerSettings {
        if (snapshotInterval < 1 || recentOps < 0 || maxBatch < 1 || idleMillis < 0) {
            throw new IllegalArgumentException("invalid sequencer settings");
        }
    }
}
