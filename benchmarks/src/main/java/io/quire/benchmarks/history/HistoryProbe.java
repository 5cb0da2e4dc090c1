package io.quire.benchmarks.history;

import io.quire.server.history.BlameRun;
import io.quire.server.history.ChapterHistory;
import io.quire.server.history.RevisionPage;
import io.quire.server.storage.DocKey;
import io.quire.server.storage.Snapshot;

import java.util.List;

/**
 * Times the history service in process, the way the REST API calls it: each call goes through
 * {@link ChapterHistory}, which first reads the chapter's head from its sequencer, then answers.
 */
final class HistoryProbe {
    /** Repeats of the calls that take no version (head fetch, blame at the head, revisions page). */
    static final int REPEATS = 20;

    private final ChapterHistory history;
    private final DocKey key;
    /** Keeps results alive so nothing is optimized away. */
    private long sink;

    HistoryProbe(ChapterHistory history, DocKey key) {
        this.history = history;
        this.key = key;
    }

    /**
     * One pass over every measurement.
     *
     * @param versions      versions to fetch
     * @param blameVersions versions to blame
     */
    Pass run(String name, long[] versions, long[] blameVersions) {
        long gcStart = GcWatch.millis();
        Timings.Recorder fetch = new Timings.Recorder("version");
        long bytes = 0;
        for (long v : versions) {
            fetch.start();
            Snapshot snapshot = history.version(key, v);
            fetch.stop();
            if (snapshot.version() != v) {
                throw new IllegalStateException("asked for version " + v + ", got " + snapshot.version());
            }
            bytes += snapshot.content().length();
        }
        Timings.Recorder head = new Timings.Recorder("head");
        for (int i = 0; i < REPEATS; i++) {
            head.start();
            sink += history.headVersion(key);
            head.stop();
        }
        Timings.Recorder blameHead = new Timings.Recorder("blame at head");
        int headRuns = 0;
        for (int i = 0; i < REPEATS; i++) {
            blameHead.start();
            List<BlameRun> runs = history.blame(key, null);
            blameHead.stop();
            headRuns = runs.size();
        }
        Timings.Recorder blameAt = new Timings.Recorder("blame at version");
        long runsAt = 0;
        for (long v : blameVersions) {
            blameAt.start();
            List<BlameRun> runs = history.blame(key, v);
            blameAt.stop();
            runsAt += runs.size();
        }
        Timings.Recorder revisions = new Timings.Recorder("revisions");
        int sessions = 0;
        for (int i = 0; i < REPEATS; i++) {
            revisions.start();
            RevisionPage page = history.revisions(key, null, 50, true);
            revisions.stop();
            sessions = page.revisions().size();
        }
        sink += bytes + runsAt + sessions;
        return new Pass(name, fetch.done(), head.done(), blameHead.done(), headRuns, blameAt.done(),
                blameVersions.length == 0 ? 0 : (double) runsAt / blameVersions.length, revisions.done(), sessions,
                versions.length == 0 ? 0 : (double) bytes / versions.length, GcWatch.millis() - gcStart);
    }

    long sink() {
        return sink;
    }

    /**
     * @param versions        fetches of past versions
     * @param head            fetches of the head alone (what every history call pays first)
     * @param blameHead       blames at the head
     * @param headRuns        author runs at the head
     * @param blameAt         blames at past versions
     * @param meanRunsAt      author runs per blamed past version, on average
     * @param revisions       first page of 50 edit sessions, newest first
     * @param sessionsOnPage  entries on that page
     * @param meanVersionUnits length of the fetched versions, on average
     * @param gcMillis        time the JVM's collectors reported for the whole pass
     */
    record Pass(String name, Timings versions, Timings head, Timings blameHead, int headRuns, Timings blameAt,
                double meanRunsAt, Timings revisions, int sessionsOnPage, double meanVersionUnits, long gcMillis) {
    }
}
