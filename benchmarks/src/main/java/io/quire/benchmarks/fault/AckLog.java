package io.quire.benchmarks.fault;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every op a crash writer was told is durable, per document and version. Writers on several event loops add to it;
 * the driver reads it between runs, while nobody types. Two acks for one version of one document can only mean the
 * server acknowledged a version twice (the first holder lost its op), so they are kept, not overwritten.
 */
final class AckLog {

    /**
     * @param text the inserted marker, or for a create the created text
     */
    record Ack(String docId, long version, String source, long seq, boolean create, String text, int writer) {
    }

    private final Map<String, TreeMap<Long, List<Ack>>> byDoc = new ConcurrentHashMap<>();

    void add(Ack ack) {
        TreeMap<Long, List<Ack>> doc = byDoc.computeIfAbsent(ack.docId(), d -> new TreeMap<>());
        synchronized (doc) {
            doc.computeIfAbsent(ack.version(), v -> new ArrayList<>(1)).add(ack);
        }
    }

    /** A copy of one document's acks by version. */
    TreeMap<Long, List<Ack>> of(String docId) {
        TreeMap<Long, List<Ack>> doc = byDoc.get(docId);
        if (doc == null) {
            return new TreeMap<>();
        }
        synchronized (doc) {
            TreeMap<Long, List<Ack>> copy = new TreeMap<>();
            doc.forEach((v, acks) -> copy.put(v, List.copyOf(acks)));
            return copy;
        }
    }

    long total() {
        long n = 0;
        for (TreeMap<Long, List<Ack>> doc : byDoc.values()) {
            synchronized (doc) {
                for (List<Ack> acks : doc.values()) {
                    n += acks.size();
                }
            }
        }
        return n;
    }
}
