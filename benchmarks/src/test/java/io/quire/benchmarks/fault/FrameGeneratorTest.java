package io.quire.benchmarks.fault;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quire.benchmarks.fault.FrameGenerator.Frame;
import io.quire.benchmarks.fault.FrameGenerator.Kind;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fuzzer's frame generator (the fuzzer itself runs against the real server in {@code benchmarks/run-fuzz.sh}):
 * it makes every class of frame, the same ones for the same seed, and never an op the target document could accept.
 */
class FrameGeneratorTest {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final int TARGET_LENGTH = "fuzz target 0\n".length();

    private static FrameGenerator generator(long seed) {
        return new FrameGenerator(seed, "fuzz", "target-0", "scratch-0-", TARGET_LENGTH, 1, 1 << 20);
    }

    @Test
    void theSameSeedGivesTheSameFrames() {
        FrameGenerator a = generator(42);
        FrameGenerator b = generator(42);
        FrameGenerator c = generator(43);
        List<String> fromA = new ArrayList<>();
        List<String> fromC = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            Frame fa = a.next();
            Frame fb = b.next();
            assertThat(fb.kind()).isEqualTo(fa.kind());
            assertThat(fb.texts()).isEqualTo(fa.texts());
            assertThat(fb.binary()).isEqualTo(fa.binary());
            fromA.add(fa.kind() + String.join("", fa.texts()));
            Frame fc = c.next();
            fromC.add(fc.kind() + String.join("", fc.texts()));
        }
        assertThat(fromC).isNotEqualTo(fromA);
    }

    @Test
    void everyKindIsDrawnAndFatalOnesAreNotJsonObjects() throws Exception {
        FrameGenerator g = generator(1);
        Set<Kind> seen = EnumSet.noneOf(Kind.class);
        for (int i = 0; i < 300_000 && seen.size() < Kind.values().length; i++) {
            Frame f = g.next();
            seen.add(f.kind());
            if (f.kind() == Kind.OVERSIZED) {
                continue;
            }
            if (f.kind() == Kind.BINARY) {
                assertThat(f.binary()).isNotEmpty();
                assertThat(f.texts()).isEmpty();
            } else if (f.kind() == Kind.MALFORMED_JSON || f.kind() == Kind.NOT_AN_OBJECT || f.kind() == Kind.RANDOM_TEXT) {
                assertThat(isJsonObject(f.texts().get(0))).as("%s: %s", f.kind(), f.texts()).isFalse();
            } else {
                for (String text : f.texts()) {
                    assertThat(isJsonObject(text)).as("%s: %s", f.kind(), text).isTrue();
                }
            }
        }
        assertThat(seen).containsExactlyInAnyOrder(Kind.values());
    }

    @Test
    void oversizedFramesAreJustOverTheLimit() {
        FrameGenerator g = generator(5);
        for (int i = 0; i < 20; i++) {
            String text = g.of(Kind.OVERSIZED).texts().get(0);
            assertThat(text.length()).isBetween((1 << 20) + 1, (1 << 20) + 64);
        }
    }

    @Test
    void floodsAreManyFramesAtOnce() {
        Frame f = generator(9).of(Kind.FLOOD);
        assertThat(f.count()).isBetween(20, 299);
    }

    /** The invariant the fuzzer's "documents changed" figure rests on. */
    @Test
    void opsOnTheTargetDocumentNeverApply() throws Exception {
        FrameGenerator g = generator(3);
        int checked = 0;
        for (int i = 0; i < 100_000; i++) {
            Frame f = g.next();
            for (String text : f.texts()) {
                if (f.kind().fatal || f.kind() == Kind.OVERSIZED) {
                    continue;
                }
                JsonNode m = MAPPER.readTree(text);
                if (!m.path("d").asText("").equals("target-0") || !m.has("v") && !m.has("op") && !m.has("create")) {
                    continue;
                }
                assertThat(m.has("create")).as(text).isFalse();
                assertThat(m.has("del")).as(text).isFalse();
                JsonNode op = m.get("op");
                if (op != null && "op".equals(m.path("a").asText())) {
                    assertThat(couldApply(op)).as(text).isFalse();
                    checked++;
                }
            }
        }
        assertThat(checked).isGreaterThan(10_000);
    }

    /**
     * A deliberately generous model of "valid op on a document of TARGET_LENGTH plain characters": well-formed
     * components, counts that are positive integers, base length at most the document's.
     */
    private static boolean couldApply(JsonNode op) {
        JsonNode ops = op.isObject() ? op.get("ops") : op;
        if (ops == null || !ops.isArray()) {
            return false;
        }
        long base = 0;
        for (JsonNode c : ops) {
            if (!c.isObject()) {
                return false;
            }
            JsonNode attrs = c.get("attributes");
            if (attrs != null && !attrs.isObject() && !attrs.isNull()) {
                return false;
            }
            int keys = c.size() - (attrs == null ? 0 : 1);
            if (keys != 1) {
                return false;
            }
            if (c.has("insert")) {
                JsonNode ins = c.get("insert");
                if (!(ins.isTextual() && !ins.asText().isEmpty()) && !ins.isObject()) {
                    return false;
                }
            } else if (c.has("retain") || c.has("delete")) {
                JsonNode n = c.has("retain") ? c.get("retain") : c.get("delete");
                if (!n.isIntegralNumber() || n.asLong() <= 0 || !n.canConvertToLong()) {
                    return false;
                }
                base += n.asLong();
            } else {
                return false;
            }
        }
        return base <= TARGET_LENGTH;
    }

    private static boolean isJsonObject(String text) {
        try {
            return MAPPER.readTree(text).isObject();
        } catch (Exception e) {
            return false;
        }
    }
}
