package io.quire.benchmarks.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * The load generator's pure parts: arguments, the frames it writes and reads, length tracking, the send log and
 * the latency summary. (The generator itself is run against real servers by {@code benchmarks/run-load.sh}; this
 * module does not depend on the server.)
 */
class LoadPartsTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Nested
    class Arguments {
        @Test
        void parsesTheDocumentedCommandLine() {
            LoadConfig c = LoadConfig.parse(new String[] {"--url", "ws://127.0.0.1:9000/ws", "--clients", "4000",
                    "--docs=1000", "--rate", "max", "--seconds", "20", "--warmup", "5", "--collection", "run-1"});
            assertThat(c.url().getPort()).isEqualTo(9000);
            assertThat(c.clients()).isEqualTo(4000);
            assertThat(c.docs()).isEqualTo(1000);
            assertThat(c.maxRate()).isTrue();
            assertThat(c.rateText()).isEqualTo("max");
            assertThat(c.seconds()).isEqualTo(20);
            assertThat(c.warmup()).isEqualTo(5);
            assertThat(c.collection()).isEqualTo("run-1");
        }

        @Test
        void aRateIsKeystrokesPerSecondPerClient() {
            LoadConfig c = LoadConfig.parse(new String[] {"--clients", "800", "--docs", "1", "--rate", "2"});
            assertThat(c.maxRate()).isFalse();
            assertThat(c.rate()).isEqualTo(2.0);
            assertThat(c.rateText()).isEqualTo("2");
            assertThat(LoadConfig.parse(new String[] {"--rate", "0.5"}).rateText()).isEqualTo("0.5");
        }

        @Test
        void clientsAreSpreadOverDocumentsAndTheFirstOfEachCreatesIt() {
            LoadConfig c = LoadConfig.parse(new String[] {"--clients", "10", "--docs", "4"});
            assertThat(c.docOf(0)).isEqualTo(0);
            assertThat(c.docOf(5)).isEqualTo(1);
            assertThat(c.docOf(9)).isEqualTo(1);
            assertThat(c.createsDoc(3)).isTrue();
            assertThat(c.createsDoc(4)).isFalse();
            assertThat(c.docId(c.docOf(7))).isEqualTo("doc-3");
        }

        @Test
        void defaultsAreUsable() {
            LoadConfig c = LoadConfig.parse(new String[0]);
            assertThat(c.url().toString()).isEqualTo("ws://127.0.0.1:8080/ws");
            assertThat(c.docs()).isEqualTo(1);
            assertThat(c.collection()).startsWith("load-");
            assertThat(c.eventLoops()).isBetween(1, 2);
        }

        @Test
        void badArgumentsSayWhatWasExpected() {
            assertThatThrownBy(() -> LoadConfig.parse(new String[] {"--clients", "4", "--docs", "5"}))
                    .hasMessageContaining("--docs must be between 1 and --clients (4)");
            assertThatThrownBy(() -> LoadConfig.parse(new String[] {"--rate", "fast"}))
                    .hasMessageContaining("not a number or 'max'");
            assertThatThrownBy(() -> LoadConfig.parse(new String[] {"--url", "http://x/ws"}))
                    .hasMessageContaining("ws://");
            assertThatThrownBy(() -> LoadConfig.parse(new String[] {"--seconds"})).hasMessageContaining("needs a value");
            assertThatThrownBy(() -> LoadConfig.parse(new String[] {"--bogus", "1"})).hasMessageContaining("unknown option");
            assertThatThrownBy(() -> LoadConfig.parse(new String[] {"--collection", "a b"})).hasMessageContaining("--collection");
        }
    }

    @Nested
    class Outbound {
        @Test
        void anInsertRetainsToItsPositionAndCarriesVersionAndSeq() throws IOException {
            JsonNode op = MAPPER.readTree(OutboundFrames.insert("load", "doc-3", 17, 5, 12, "k"));
            assertThat(op.toString()).isEqualTo(
                    "{\"a\":\"op\",\"c\":\"load\",\"d\":\"doc-3\",\"v\":17,\"seq\":5,\"op\":{\"ops\":[{\"retain\":12},{\"insert\":\"k\"}]}}");
            assertThat(op.has("src")).as("no src on a first send, as the sharedb client").isFalse();
        }

        @Test
        void anInsertAtTheStartHasNoZeroRetain() throws IOException {
            JsonNode op = MAPPER.readTree(OutboundFrames.insert("load", "doc-0", 1, 2, 0, "ab"));
            assertThat(op.get("op").get("ops").toString()).isEqualTo("[{\"insert\":\"ab\"}]");
        }

        @Test
        void createHandshakeAndSubscribeAreTheSharedbClientsFrames() throws IOException {
            JsonNode create = MAPPER.readTree(OutboundFrames.create("load", "doc-0", 1, "abc\n"));
            assertThat(create.get("v").isNull()).isTrue();
            assertThat(create.get("seq").asLong()).isEqualTo(1);
            assertThat(create.get("create").get("type").asText()).isEqualTo("http://sharejs.org/types/rich-text/v1");
            assertThat(create.get("create").get("data").toString()).isEqualTo("{\"ops\":[{\"insert\":\"abc\\n\"}]}");
            assertThat(MAPPER.readTree(OutboundFrames.handshake()).toString())
                    .isEqualTo("{\"a\":\"hs\",\"id\":null,\"protocol\":1,\"protocolMinor\":2}");
            assertThat(MAPPER.readTree(OutboundFrames.subscribe("load", "doc-0")).toString())
                    .isEqualTo("{\"a\":\"s\",\"c\":\"load\",\"d\":\"doc-0\",\"v\":null}");
        }

        @Test
        void textIsEscaped() throws IOException {
            String tricky = "a\"b\\c\n\t\u0001é😀";
            JsonNode op = MAPPER.readTree(OutboundFrames.insert("load", "d", 1, 1, 3, tricky));
            assertThat(op.get("op").get("ops").get(1).get("insert").asText()).isEqualTo(tricky);
        }
    }

    @Nested
    class Inbound {
        @Test
        void aBroadcastGivesItsSourceSeqVersionAndLengthChange() throws IOException {
            InboundFrame f = InboundFrame.parse("{\"a\":\"op\",\"c\":\"load\",\"d\":\"doc-1\",\"v\":9,\"src\":\"abc\",\"seq\":4,"
                    + "\"op\":{\"ops\":[{\"retain\":3},{\"insert\":\"xy😀\",\"attributes\":{\"bold\":true}},{\"delete\":2},{\"insert\":{\"image\":\"u\"}}]}}");
            assertThat(f.isRemoteOp()).isTrue();
            assertThat(f.isAck()).isFalse();
            assertThat(f.kind()).isEqualTo(InboundFrame.Kind.EDIT);
            assertThat(f.version()).isEqualTo(9);
            assertThat(f.source()).isEqualTo("abc");
            assertThat(f.seq()).isEqualTo(4);
            assertThat(f.lengthDelta()).as("4 UTF-16 units + 1 embed - 2 deleted").isEqualTo(3);
        }

        @Test
        void aBareOpsArrayIsADeltaToo() throws IOException {
            InboundFrame f = InboundFrame.parse("{\"a\":\"op\",\"c\":\"l\",\"d\":\"d\",\"v\":1,\"src\":\"s\",\"seq\":1,\"op\":[{\"insert\":\"abc\"}]}");
            assertThat(f.lengthDelta()).isEqualTo(3);
        }

        @Test
        void anAckHasNoOp() throws IOException {
            InboundFrame f = InboundFrame.parse("{\"a\":\"op\",\"c\":\"load\",\"d\":\"doc-1\",\"src\":\"abc\",\"seq\":4,\"v\":12}");
            assertThat(f.isAck()).isTrue();
            assertThat(f.version()).isEqualTo(12);
        }

        @Test
        void aCreateGivesTheDocumentsLength() throws IOException {
            InboundFrame f = InboundFrame.parse("{\"a\":\"op\",\"c\":\"l\",\"d\":\"d\",\"v\":0,\"src\":\"s\",\"seq\":1,"
                    + "\"create\":{\"type\":\"http://sharejs.org/types/rich-text/v1\",\"data\":{\"ops\":[{\"insert\":\"hello\\n\"}]}}}");
            assertThat(f.kind()).isEqualTo(InboundFrame.Kind.CREATE);
            assertThat(f.lengthDelta()).isEqualTo(6);
        }

        @Test
        void snapshotsOfExistingAndMissingDocuments() throws IOException {
            InboundFrame s = InboundFrame.parse("{\"a\":\"s\",\"c\":\"l\",\"d\":\"d\",\"data\":{\"v\":3,"
                    + "\"data\":{\"ops\":[{\"insert\":\"ab\"},{\"insert\":\"c\\n\",\"attributes\":{\"header\":1}}]},\"type\":\"http://sharejs.org/types/rich-text/v1\"}}");
            assertThat(s.snapshot()).isEqualTo(new InboundFrame.Snapshot(3, "http://sharejs.org/types/rich-text/v1", 4));
            InboundFrame missing = InboundFrame.parse("{\"a\":\"s\",\"c\":\"l\",\"d\":\"d\",\"data\":{\"v\":0,\"type\":null}}");
            assertThat(missing.snapshot().exists()).isFalse();
            assertThat(missing.snapshot().version()).isZero();
        }

        @Test
        void errorsAndGreetings() throws IOException {
            InboundFrame e = InboundFrame.parse("{\"a\":\"op\",\"c\":\"l\",\"d\":\"d\",\"v\":3,\"seq\":7,\"op\":{\"ops\":[]},"
                    + "\"error\":{\"code\":\"ERR_OT_OP_NOT_APPLIED\",\"message\":\"retain 40 exceeds document length 12\"}}");
            assertThat(e.isError()).isTrue();
            assertThat(e.isRemoteOp()).isFalse();
            assertThat(e.errorCode()).isEqualTo("ERR_OT_OP_NOT_APPLIED");
            assertThat(e.seq()).isEqualTo(7);
            InboundFrame hs = InboundFrame.parse("{\"a\":\"hs\",\"protocol\":1,\"protocolMinor\":2,\"id\":\"c0ffee\",\"type\":\"http://sharejs.org/types/JSONv0\"}");
            assertThat(hs.clientId()).isEqualTo("c0ffee");
        }

        @Test
        void notAnObjectIsRefused() {
            assertThatThrownBy(() -> InboundFrame.parse("[1,2]")).isInstanceOf(IOException.class);
        }
    }

    @Nested
    class LengthTracking {
        @Test
        void remoteOpsChangeTheLengthInVersionOrder() {
            LocalDoc doc = new LocalDoc();
            assertThat(doc.known()).isFalse();
            doc.reset(new InboundFrame.Snapshot(0, null, 0));
            assertThat(doc.applyRemote(0, InboundFrame.Kind.CREATE, 201)).isEqualTo(LocalDoc.Result.APPLIED);
            assertThat(doc.exists()).isTrue();
            assertThat(doc.applyRemote(1, InboundFrame.Kind.EDIT, 1)).isEqualTo(LocalDoc.Result.APPLIED);
            assertThat(doc.applyRemote(2, InboundFrame.Kind.EDIT, -3)).isEqualTo(LocalDoc.Result.APPLIED);
            assertThat(doc.version()).isEqualTo(3);
            assertThat(doc.length()).isEqualTo(199);
        }

        @Test
        void olderOpsAreDuplicatesAndNewerOnesAreGaps() {
            LocalDoc doc = new LocalDoc();
            doc.reset(5, true, 10);
            assertThat(doc.applyRemote(4, InboundFrame.Kind.EDIT, 1)).isEqualTo(LocalDoc.Result.DUPLICATE);
            assertThat(doc.applyRemote(6, InboundFrame.Kind.EDIT, 1)).isEqualTo(LocalDoc.Result.GAP);
            assertThat(doc.version()).isEqualTo(5);
            assertThat(doc.length()).isEqualTo(10);
        }

        @Test
        void aDeleteLeavesNoDocument() {
            LocalDoc doc = new LocalDoc();
            doc.reset(5, true, 10);
            doc.applyRemote(5, InboundFrame.Kind.DELETE, 0);
            assertThat(doc.exists()).isFalse();
            assertThat(doc.length()).isZero();
            assertThat(doc.version()).isEqualTo(6);
        }

        /** Invariant: a random insert position keeps the final newline last, so every op fits the server's copy. */
        @Test
        void insertPositionsStayBeforeTheFinalNewline() {
            long seed = new Random().nextLong();
            SplittableRandom random = new SplittableRandom(seed);
            LocalDoc doc = new LocalDoc();
            for (long length : new long[] {0, 1, 2, 3, 500}) {
                doc.reset(1, true, length);
                for (int i = 0; i < 2_000; i++) {
                    long p = doc.randomInsertPosition(random);
                    assertThat(p).as("seed %d, length %d", seed, length).isBetween(0L, Math.max(0, length - 1));
                }
            }
            doc.reset(1, true, 3);
            boolean[] seen = new boolean[3];
            for (int i = 0; i < 1_000; i++) {
                seen[(int) doc.randomInsertPosition(random)] = true;
            }
            assertThat(seen).as("every position before the newline is used (seed %d)", seed).containsOnly(true);
        }
    }

    @Nested
    class SendTimes {
        @Test
        void recentSendsAreFoundAndOverwrittenOnesAreNot() {
            SendLog log = new SendLog();
            assertThat(log.lookup(1)).isZero();
            log.record(1, 1_000);
            log.record(2, 2_000);
            assertThat(log.lookup(1)).isEqualTo(1_000);
            assertThat(log.lookup(2)).isEqualTo(2_000);
            log.record(1 + SendLog.SIZE, 9_000);
            assertThat(log.lookup(1)).isZero();
            assertThat(log.lookup(1 + SendLog.SIZE)).isEqualTo(9_000);
        }
    }

    @Nested
    class Summary {
        @Test
        void percentilesAreInMilliseconds() {
            Histogram h = LatencySummary.newHistogram();
            for (int i = 1; i <= 1_000; i++) {
                h.recordValue(i * 100L); // 0.1 .. 100 ms in microseconds
            }
            LatencySummary s = LatencySummary.ofMicros(h);
            assertThat(s.count()).isEqualTo(1_000);
            assertThat(s.p50()).isCloseTo(50.0, within(0.1));
            assertThat(s.p95()).isCloseTo(95.0, within(0.1));
            assertThat(s.p99()).isCloseTo(99.0, within(0.1));
            assertThat(s.max()).isCloseTo(100.0, within(0.1));
            assertThat(s.text()).startsWith("p50 50.0 / p95 95.0 / p99 99.0 / max 100 ms (n=1000)");
        }

        @Test
        void anEmptyHistogramHasNoSamples() {
            assertThat(LatencySummary.ofMicros(LatencySummary.newHistogram())).isEqualTo(LatencySummary.EMPTY);
            assertThat(LatencySummary.EMPTY.text()).isEqualTo("no samples");
        }

        @Test
        void loopSnapshotsAddUpAndSubtract() {
            LoopMetrics a = new LoopMetrics();
            LoopMetrics b = new LoopMetrics();
            a.add(Counter.OPS_ACKED, 10);
            b.add(Counter.OPS_ACKED, 5);
            a.error("ERR_RATE_LIMITED");
            a.ackLatency(2_000_000);
            b.ackLatency(4_000_000);
            LoopMetrics.Snapshot early = LoopMetrics.Snapshot.sum(java.util.List.of(a.snapshot(), b.snapshot()));
            a.add(Counter.OPS_ACKED, 7);
            a.error("ERR_RATE_LIMITED");
            LoopMetrics.Snapshot late = LoopMetrics.Snapshot.sum(java.util.List.of(a.snapshot(), b.snapshot()));
            LoopMetrics.Snapshot window = late.since(early);
            assertThat(early.get(Counter.OPS_ACKED)).isEqualTo(15);
            assertThat(window.get(Counter.OPS_ACKED)).isEqualTo(7);
            assertThat(window.errors()).isEqualTo(Map.of("ERR_RATE_LIMITED", 1L));
            assertThat(late.opToAck().getTotalCount()).isEqualTo(2);
        }

        @Test
        void theReportIsOneLineOfJson() throws IOException {
            LoadReport r = new LoadReport("quire", "ws://127.0.0.1:8080/ws", 8, 2, "max", 20, 5, 0.5, 20.01, 51234.5,
                    51234.5, 153703.5, new LatencySummary(10, 1, 2, 3, 4, 1.5), LatencySummary.EMPTY,
                    Map.of("ERR_RATE_LIMITED", 3L), 1, Map.of("close 1008 slow", 1L), 0, 0, 0, 0, 0, 0, 0, 100, 0, 0, 0.6, 1.3, 1.95, 2);
            String json = r.json();
            assertThat(json).doesNotContain("\n").startsWith("{\"loadgen\":");
            JsonNode node = MAPPER.readTree(json);
            assertThat(node.get("ackedOpsPerSec").asDouble()).isEqualTo(51234.5);
            assertThat(node.get("opToAckMs").get("p95").asDouble()).isEqualTo(2.0);
            assertThat(node.get("errors").get("ERR_RATE_LIMITED").asLong()).isEqualTo(3);
            assertThat(node.get("availableProcessors").asInt()).isEqualTo(2);
            assertThat(node.get("serverCores").asDouble()).isEqualTo(1.3);
            assertThat(r.text()).contains("acknowledged ops/s").contains("51,235").contains("the server 1.30");
        }

        @Test
        void cpuTicksAreReadFromProcLines() {
            assertThat(ProcCpu.machineBusyTicks("cpu  100 5 50 9000 40 3 2 1 0 0")).isEqualTo(100 + 5 + 50 + 3 + 2 + 1);
            assertThat(ProcCpu.processTicks("4242 (java (x) y) S 1 4242 4242 0 -1 4194560 100 0 0 0 250 70 0 0 20 0 40"))
                    .isEqualTo(320);
            assertThat(ProcCpu.cores(100, 300, 2.0)).isEqualTo(1.0);
            assertThat(ProcCpu.cores(-1, 300, 2.0)).isEqualTo(-1);
            assertThat(ProcCpu.processTicks(0)).isEqualTo(-1);
        }
    }
}
