package io.quire.benchmarks.fault;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The crash test's judge (the test itself kills the real server in {@code benchmarks/run-crash.sh}): a clean log
 * passes, and each way of losing an acknowledged op or breaking the log is reported, since a judge that always says
 * "0 lost" would make the crash figures worthless.
 */
class DocCheckTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static JsonNode json(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static JsonNode create(String src, long seq, String text) {
        return json("{\"a\":\"op\",\"c\":\"c\",\"d\":\"d\",\"v\":0,\"src\":\"" + src + "\",\"seq\":" + seq
                + ",\"create\":{\"type\":\"http://sharejs.org/types/rich-text/v1\",\"data\":{\"ops\":[{\"insert\":\""
                + text + "\\n\"}]}}}");
    }

    private static JsonNode insert(long v, String src, long seq, int at, String text) {
        String retain = at > 0 ? "{\"retain\":" + at + "}," : "";
        return json("{\"a\":\"op\",\"c\":\"c\",\"d\":\"d\",\"v\":" + v + ",\"src\":\"" + src + "\",\"seq\":" + seq
                + ",\"op\":{\"ops\":[" + retain + "{\"insert\":\"" + text + "\"}]}}");
    }

    private static JsonNode snapshot(long v, String text) {
        return json("{\"v\":" + v + ",\"type\":\"http://sharejs.org/types/rich-text/v1\",\"data\":{\"ops\":[{\"insert\":\""
                + text + "\\n\"}]}}");
    }

    /** A log of three ops: create "ab\n" by A, "<1>" at 1 by A, "<2>" at 0 by B; the document "<2>a<1>b\n". */
    private static List<JsonNode> log() {
        return new ArrayList<>(List.of(create("A", 1, "ab"), insert(1, "A", 2, 1, "<1>"), insert(2, "B", 1, 0, "<2>")));
    }

    private static TreeMap<Long, List<AckLog.Ack>> acks(AckLog.Ack... acks) {
        AckLog log = new AckLog();
        for (AckLog.Ack a : acks) {
            log.add(a);
        }
        return log.of("d");
    }

    private static final AckLog.Ack CREATE = new AckLog.Ack("d", 0, "A", 1, true, "ab\n", 0);
    private static final AckLog.Ack FIRST = new AckLog.Ack("d", 1, "A", 2, false, "<1>", 0);
    private static final AckLog.Ack SECOND = new AckLog.Ack("d", 2, "B", 1, false, "<2>", 1);

    @Test
    void aCompleteLogThatReplaysToItsSnapshotPasses() {
        DocCheck.Result r = DocCheck.check("d", log(), snapshot(3, "<2>a<1>b"), acks(CREATE, FIRST, SECOND));
        assertThat(r.ok()).as("%s", r).isTrue();
        assertThat(r.ackedOps()).isEqualTo(3);
    }

    @Test
    void anAckedOpPastTheEndOfTheLogIsLost() {
        List<JsonNode> shorter = log().subList(0, 2);
        DocCheck.Result r = DocCheck.check("d", shorter, snapshot(2, "a<1>b"), acks(CREATE, FIRST, SECOND));
        assertThat(r.lost()).singleElement().asString().contains("v2", "past the log's end");
        assertThat(r.logMismatch()).isNull();
    }

    @Test
    void anotherOpAtTheAckedVersionMeansTheAckedOneIsLost() {
        AckLog.Ack other = new AckLog.Ack("d", 2, "C", 7, false, "<9>", 2);
        DocCheck.Result r = DocCheck.check("d", log(), snapshot(3, "<2>a<1>b"), acks(CREATE, FIRST, other));
        assertThat(r.lost()).singleElement().asString().contains("src C seq 7", "holds src B seq 1");
    }

    @Test
    void theSameSourceAndSeqWithOtherTextIsLost() {
        AckLog.Ack changed = new AckLog.Ack("d", 1, "A", 2, false, "<X>", 0);
        DocCheck.Result r = DocCheck.check("d", log(), snapshot(3, "<2>a<1>b"), acks(changed));
        assertThat(r.lost()).singleElement().asString().contains("inserts [<1>]");
    }

    @Test
    void twoAcksForOneVersionLoseOne() {
        AckLog.Ack twin = new AckLog.Ack("d", 1, "C", 3, false, "<3>", 2);
        DocCheck.Result r = DocCheck.check("d", log(), snapshot(3, "<2>a<1>b"), acks(FIRST, twin));
        assertThat(r.lost()).hasSize(1);
    }

    @Test
    void aSnapshotThatIsNotTheReplayedLogFails() {
        DocCheck.Result r = DocCheck.check("d", log(), snapshot(3, "<2>a<1>bX"), acks());
        assertThat(r.logMismatch()).contains("differs");
        assertThat(DocCheck.check("d", log(), snapshot(4, "<2>a<1>b"), acks()).logMismatch()).contains("version 4");
    }

    @Test
    void aGapOrAnOpThatDoesNotFitFails() {
        List<JsonNode> gap = log();
        gap.set(2, insert(3, "B", 1, 0, "<2>"));
        assertThat(DocCheck.replay(gap, snapshot(3, "<2>a<1>b"))).contains("log entry 2 has version 3");
        List<JsonNode> tooFar = log();
        tooFar.set(2, insert(2, "B", 1, 40, "<2>"));
        assertThat(DocCheck.replay(tooFar, snapshot(3, "<2>a<1>b"))).contains("does not apply");
    }
}
