package io.quire.benchmarks.fault;

import org.HdrHistogram.Histogram;

import java.util.Map;
import java.util.TreeMap;

/**
 * The fuzzer's tallies. Everything runs on one event loop, so plain fields suffice; the main thread reads them only
 * after the loop has been asked (and answered) to stop.
 */
final class FuzzStats {
    long framesSent;
    long connections;
    final Map<String, Long> framesByKind = new TreeMap<>();
    /** "kind -> code reason-code" for closes that followed a fatal frame. */
    final Map<String, Long> expectedCloses = new TreeMap<>();
    /** Closes after a fatal frame with a code other than 1003/1009 (e.g. 1006: no valid close frame arrived). */
    final Map<String, Long> abnormalFatalCloses = new TreeMap<>();
    /** Closes that did not follow a fatal frame (or came with an unexpected code). */
    final Map<String, Long> unexpectedCloses = new TreeMap<>();
    /** Fatal frames the server did not close the connection for within the wait. */
    final Map<String, Long> fatalNotClosed = new TreeMap<>();
    final Map<String, Long> errorReplies = new TreeMap<>();
    /** Acks of fuzz ops: on the target documents (a bug) and on scratch documents (information). */
    long targetAcks;
    long scratchAcks;
    long unparseableReplies;

    long validOpsSent;
    long validOpsAcked;
    long validErrors;
    final Map<String, Long> validErrorCodes = new TreeMap<>();
    long validDisconnects;
    final Histogram validAckMicros = new Histogram(60_000_000L, 3);

    static void add(Map<String, Long> map, String key, long n) {
        map.merge(key, n, Long::sum);
    }
}
