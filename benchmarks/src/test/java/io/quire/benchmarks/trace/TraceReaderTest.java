package io.quire.benchmarks.trace;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The trace reader on traces written here, so the test needs no shared/ folder. */
class TraceReaderTest {

    @Test
    void replaysASmallTraceToItsEndContent(@TempDir Path dir) throws IOException {
        String json = """
                {"startContent":"ab","endContent":"aXYc",
                 "txns":[{"time":"t","patches":[[1,1,"XY"]]},{"patches":[[3,0,"c"]]},{"patches":[[4,0,"!"],[4,1,""]]}]}
                """;
        Path file = dir.resolve("small.json.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(json.getBytes(StandardCharsets.UTF_8));
        }
        EditingTrace trace = TraceReader.read(file.toString());
        assertThat(trace.edits()).hasSize(3);
        assertThat(trace.patches()).isEqualTo(4);
        assertThat(TraceReplay.onRope(trace).plainText()).isEqualTo("aXYc");
        assertThat(TraceReplay.onDelta(trace, Integer.MAX_VALUE).plainText()).isEqualTo("aXYc");
    }

    /** A generated trace of random splices, long enough to cross many rope chunks. */
    @Test
    void replaysAGeneratedTraceLikeStringSplicing() throws IOException {
        Random random = new Random(7);
        StringBuilder doc = new StringBuilder();
        StringBuilder json = new StringBuilder("{\"startContent\":\"\",\"txns\":[");
        for (int i = 0; i < 20_000; i++) {
            int pos = random.nextInt(doc.length() + 1);
            int del = random.nextInt(4) == 0 ? Math.min(doc.length() - pos, random.nextInt(30)) : 0;
            String text = random.nextInt(50) == 0 ? "paste ".repeat(200) : String.valueOf((char) ('a' + random.nextInt(26)));
            doc.replace(pos, pos + del, text);
            json.append(i == 0 ? "" : ",").append("{\"patches\":[[").append(pos).append(',').append(del)
                    .append(",\"").append(text).append("\"]]}");
        }
        json.append("],\"endContent\":\"").append(doc).append("\"}");
        EditingTrace trace = TraceReader.read("generated", new ByteArrayInputStream(json.toString().getBytes(StandardCharsets.UTF_8)));
        assertThat(TraceReplay.onRope(trace).plainText()).isEqualTo(doc.toString());
    }

    @Test
    void refusesAReplayThatDoesNotReachTheEndContent() throws IOException {
        EditingTrace trace = TraceReader.read("t", stream("{\"startContent\":\"\",\"endContent\":\"ab\",\"txns\":[{\"patches\":[[0,0,\"ax\"]]}]}"));
        assertThatThrownBy(() -> TraceReplay.checkEnd(trace, TraceReplay.onRope(trace).plainText()))
                .hasMessageContaining("diverged from endContent at offset 1");
    }

    @Test
    void refusesCharactersAboveTheBmp() {
        assertThatThrownBy(() -> TraceReader.read("t", stream("{\"endContent\":\"\",\"txns\":[{\"patches\":[[0,0,\"😀\"]]}]}")))
                .isInstanceOf(IOException.class).hasMessageContaining("above U+FFFF");
    }

    @Test
    void refusesConcurrentTracesAndMissingFiles() {
        assertThatThrownBy(() -> TraceReader.read("t", stream("{\"kind\":\"concurrent\",\"txns\":[]}")))
                .hasMessageContaining("only sequential traces");
        assertThatThrownBy(() -> TraceReader.read("/nonexistent/trace.json.gz"))
                .isInstanceOf(IOException.class).hasMessageContaining("trace not found");
    }

    private static ByteArrayInputStream stream(String json) {
        return new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8));
    }
}
