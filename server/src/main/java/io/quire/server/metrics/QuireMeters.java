package io.quire.server.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.quire.server.protocol.ErrorCode;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Every meter the server records, by name, and the meters themselves, made once so that the hot path only
 * increments (no lookup, no tag objects, no allocation beyond what Micrometer's counters and timers need).
 *
 * <p>One instance per server ({@link #prometheus()}); parts made without one (unit tests) get {@link #NOOP},
 * whose meters do nothing. The README's "Operations" section lists the same names; {@code MetricsTest} checks
 * that each appears in the scrape.
 */
public final class QuireMeters {
    // ---- names: the only place they are spelled ----
    public static final String OPS_ACKNOWLEDGED = "quire.ops.acknowledged";
    public static final String OP_SUBMIT = "quire.op.submit";
    public static final String OP_TRANSFORM_DISTANCE = "quire.op.transform.distance";
    public static final String STORE_WRITE = "quire.store.write";
    public static final String STORE_BATCH_OPS = "quire.store.batch.ops";
    public static final String DOCUMENTS_OPEN = "quire.documents.open";
    public static final String SESSIONS_CONNECTED = "quire.sessions.connected";
    public static final String DOCUMENT_SUBSCRIBERS_MAX = "quire.document.subscribers.max";
    public static final String DOCUMENTS_BY_SUBSCRIBERS = "quire.documents.by.subscribers";
    /** The buckets of {@link #DOCUMENTS_BY_SUBSCRIBERS}: fixed, so the number of series stays small. */
    private static final int[][] SUBSCRIBER_BUCKETS = {{0, 0}, {1, 1}, {2, 4}, {5, 16}, {17, 64}, {65, Integer.MAX_VALUE}};
    public static final String PRESENCE_MESSAGES = "quire.presence.messages";
    public static final String ERRORS = "quire.errors";
    public static final String SESSIONS_CLOSED = "quire.sessions.closed";
    public static final String HISTORY_COMPACTED = "quire.history.compacted";
    public static final String WEBSOCKET_BYTES = "quire.websocket.bytes";
    public static final String ROCKSDB_ESTIMATE_NUM_KEYS = "rocksdb.estimate-num-keys";
    public static final String ROCKSDB_CUR_SIZE_ALL_MEM_TABLES = "rocksdb.cur-size-all-mem-tables";
    public static final String ROCKSDB_TOTAL_SST_FILES_SIZE = "rocksdb.total-sst-files-size";

    /** Quire's own meter names (JVM meters come from Micrometer's binders). */
    public static final List<String> NAMES = List.of(OPS_ACKNOWLEDGED, OP_SUBMIT, OP_TRANSFORM_DISTANCE, STORE_WRITE,
            STORE_BATCH_OPS, DOCUMENTS_OPEN, SESSIONS_CONNECTED, DOCUMENT_SUBSCRIBERS_MAX, DOCUMENTS_BY_SUBSCRIBERS,
            PRESENCE_MESSAGES, ERRORS, SESSIONS_CLOSED, HISTORY_COMPACTED, WEBSOCKET_BYTES, ROCKSDB_ESTIMATE_NUM_KEYS, ROCKSDB_CUR_SIZE_ALL_MEM_TABLES, ROCKSDB_TOTAL_SST_FILES_SIZE);
    /** RocksDB properties read by the gauges of the same names. */
    public static final List<String> ROCKSDB_PROPERTIES = List.of(ROCKSDB_ESTIMATE_NUM_KEYS,
            ROCKSDB_CUR_SIZE_ALL_MEM_TABLES, ROCKSDB_TOTAL_SST_FILES_SIZE);

    /** Meters that record nothing: a composite registry with no registries in it. */
    public static final QuireMeters NOOP = new QuireMeters(new CompositeMeterRegistry(), null);

    private final MeterRegistry registry;
    private final PrometheusMeterRegistry prometheus;
    private final Counter committed;
    private final Counter duplicate;
    private final Counter rejected;
    private final Timer submit;
    private final DistributionSummary transformDistance;
    private final Timer storeWrite;
    private final DistributionSummary storeBatchOps;
    private final Counter presenceMessages;
    private final Counter bytesIn;
    private final Counter bytesOut;
    private final Map<ErrorCode, Counter> errors = new EnumMap<>(ErrorCode.class);
    private final Counter compactedOps;
    private final Counter compactedKeys;

    private QuireMeters(MeterRegistry registry, PrometheusMeterRegistry prometheus) {
        this.registry = registry;
        this.prometheus = prometheus;
        committed = acknowledged("committed");
        duplicate = acknowledged("duplicate");
        rejected = acknowledged("rejected");
        submit = Timer.builder(OP_SUBMIT).description("From a submitted op's arrival at its document to its acknowledgement")
                .publishPercentileHistogram().register(registry);
        transformDistance = DistributionSummary.builder(OP_TRANSFORM_DISTANCE)
                .description("Versions an op was behind the head (head - base) when placed").register(registry);
        storeWrite = Timer.builder(STORE_WRITE).description("One synced batch write to the store")
                .publishPercentileHistogram().register(registry);
        storeBatchOps = DistributionSummary.builder(STORE_BATCH_OPS).description("Ops in one batch write")
                .register(registry);
        presenceMessages = Counter.builder(PRESENCE_MESSAGES).description("Presence updates received from clients")
                .register(registry);
        bytesIn = Counter.builder(WEBSOCKET_BYTES).tag("direction", "in")
                .description("Text frame lengths (UTF-16 chars)").register(registry);
        bytesOut = Counter.builder(WEBSOCKET_BYTES).tag("direction", "out")
                .description("Text frame lengths (UTF-16 chars)").register(registry);
        compactedOps = Counter.builder(HISTORY_COMPACTED).tag("what", "ops")
                .description("What compaction folded away: stored ops, and store keys").register(registry);
        compactedKeys = Counter.builder(HISTORY_COMPACTED).tag("what", "keys")
                .description("What compaction folded away: stored ops, and store keys").register(registry);
        // The close codes the server uses, so each series is there (at 0) before the first close.
        for (short code : new short[] {1001, 1003, 1008, 1009, 4401}) {
            serverClosedCounter(code);
        }
        for (ErrorCode code : ErrorCode.values()) {
            errors.put(code, Counter.builder(ERRORS).tag("code", code.name())
                    .description("Error replies and error closes sent to clients").register(registry));
        }
    }

    private Counter acknowledged(String outcome) {
        return Counter.builder(OPS_ACKNOWLEDGED).tag("outcome", outcome)
                .description("Submitted ops answered, by outcome").register(registry);
    }

    /** A server's meters in a Prometheus registry of their own, with the JVM's meters bound. */
    @SuppressWarnings("resource") // JvmGcMetrics lives as long as the registry
    public static QuireMeters prometheus() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        return new QuireMeters(registry, registry);
    }

    /** The Prometheus text exposition (format 0.0.4); empty for {@link #NOOP}. */
    public String scrape() {
        return prometheus == null ? "" : prometheus.scrape();
    }

    // ---- gauges, read at scrape time ----

    public void gaugeOpenDocuments(LongSupplier documents) {
        gauge(DOCUMENTS_OPEN, "Documents loaded in memory", documents);
    }

    public void gaugeSessions(LongSupplier sessions) {
        gauge(SESSIONS_CONNECTED, "WebSocket sessions connected", sessions);
    }

    public void gaugeMaxSubscribers(LongSupplier max) {
        gauge(DOCUMENT_SUBSCRIBERS_MAX, "Subscribers of the most subscribed open document", max);
    }

    /**
     * Subscribers per document, as counts of open documents in fixed buckets ({@code subscribers} = 0, 1, 2-4, 5-16,
     * 17-64, 65+): one series per bucket rather than one per document, which would be unbounded.
     */
    public void gaugeDocumentsBySubscribers(DocumentCounter documents) {
        for (int[] bucket : SUBSCRIBER_BUCKETS) {
            String name = bucket[0] == bucket[1] ? Integer.toString(bucket[0])
                    : bucket[1] == Integer.MAX_VALUE ? bucket[0] + "+" : bucket[0] + "-" + bucket[1];
            Gauge.builder(DOCUMENTS_BY_SUBSCRIBERS, () -> documents.withSubscribers(bucket[0], bucket[1]))
                    .tag("subscribers", name).description("Open documents by their number of subscribers")
                    .register(registry);
        }
    }

    /** Counts open documents whose subscribers are within a range. */
    @FunctionalInterface
    public interface DocumentCounter {
        long withSubscribers(int least, int most);
    }

    /** One gauge per name of {@link #ROCKSDB_PROPERTIES}; {@code property} reads it from the store (-1 if closed). */
    public void gaugeRocksDb(java.util.function.ToLongFunction<String> property) {
        for (String name : ROCKSDB_PROPERTIES) {
            gauge(name, "RocksDB property " + name + ", summed over column families", () -> property.applyAsLong(name));
        }
    }

    private void gauge(String name, String description, LongSupplier value) {
        Gauge.builder(name, value, v -> v.getAsLong()).strongReference(true).description(description).register(registry);
    }

    // ---- the hot path ----

    /** {@code startNanos} from {@link System#nanoTime()} when the op reached its document. */
    public void committed(long startNanos) {
        committed.increment();
        submit.record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
    }

    public void duplicate(long startNanos) {
        duplicate.increment();
        submit.record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
    }

    public void rejected() {
        rejected.increment();
    }

    public void transformDistance(long versions) {
        transformDistance.record(versions);
    }

    public void storeWrite(long nanos, int ops) {
        storeWrite.record(nanos, TimeUnit.NANOSECONDS);
        storeBatchOps.record(ops);
    }

    public void presenceMessage() {
        presenceMessages.increment();
    }

    public void error(ErrorCode code) {
        errors.get(code).increment();
    }

    /** The server closed a client's connection with this WebSocket close code (4401, 1003, 1008, 1009, ...). */
    public void serverClosed(short code) {
        serverClosedCounter(code).increment();
    }

    private Counter serverClosedCounter(short code) {
        return Counter.builder(SESSIONS_CLOSED).tag("code", String.valueOf(code))
                .description("Connections the server closed, by close code").register(registry);
    }

    /** A compaction folded {@code ops} stored ops away and removed {@code keys} keys from the store. */
    public void compacted(long ops, long keys) {
        compactedOps.increment(ops);
        compactedKeys.increment(keys);
    }

    public void bytesIn(int chars) {
        bytesIn.increment(chars);
    }

    public void bytesOut(int chars) {
        bytesOut.increment(chars);
    }
}
