package io.quire.benchmarks.trace;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.quire.ot.Delta;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Reads a sequential trace ({@code .json.gz} or {@code .json}) with Jackson's streaming parser, so a
 * trace of hundreds of thousands of transactions loads without building a JSON tree.
 *
 * <p>Trace positions count code points; Quire counts UTF-16 units. The shared traces hold no character
 * above U+FFFF, where the two agree; a trace that does is refused rather than replayed wrongly.
 */
public final class TraceReader {
    /** Where the shared traces live when the repository sits beside {@code shared/}. */
    public static final String DEFAULT_DIRECTORY = "../shared/traces";

    private static final JsonFactory JSON = new JsonFactory();

    private TraceReader() {
    }

    /** The trace directory: {@code -Dquire.traces=DIR}, else {@value #DEFAULT_DIRECTORY}. */
    public static Path directory() {
        return Path.of(System.getProperty("quire.traces", DEFAULT_DIRECTORY));
    }

    /** Reads {@code file}; a bare name is looked up in {@link #directory()}. */
    public static EditingTrace read(String file) throws IOException {
        Path path = Path.of(file);
        if (!Files.exists(path)) {
            path = directory().resolve(file);
        }
        if (!Files.exists(path)) {
            throw new IOException("trace not found: " + path.toAbsolutePath()
                    + " (pass -Dquire.traces=DIR pointing at the shared traces folder)");
        }
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(path), 1 << 16);
             InputStream in = path.toString().endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw) {
            return read(path.getFileName().toString(), in);
        }
    }

    static EditingTrace read(String name, InputStream in) throws IOException {
        String start = "";
        String end = null;
        List<Delta> edits = new ArrayList<>();
        int[] patchCount = {0};
        try (JsonParser p = JSON.createParser(in)) {
            expect(p.nextToken(), JsonToken.START_OBJECT, p);
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                switch (field) {
                    case "startContent" -> start = checkedText(p.getText(), name);
                    case "endContent" -> end = checkedText(p.getText(), name);
                    case "kind" -> {
                        if (!"sequential".equals(p.getText())) {
                            throw new IOException(name + ": only sequential traces can be replayed, this one is " + p.getText());
                        }
                    }
                    case "txns" -> readTransactions(p, name, edits, patchCount);
                    default -> p.skipChildren();
                }
            }
        }
        if (end == null) {
            throw new IOException(name + ": no endContent");
        }
        return new EditingTrace(name, start, end, List.copyOf(edits), patchCount[0]);
    }

    private static void readTransactions(JsonParser p, String name, List<Delta> edits, int[] patchCount) throws IOException {
        expect(p.currentToken(), JsonToken.START_ARRAY, p);
        while (p.nextToken() == JsonToken.START_OBJECT) {
            Delta txn = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                if (!"patches".equals(field)) {
                    p.skipChildren();
                    continue;
                }
                expect(p.currentToken(), JsonToken.START_ARRAY, p);
                while (p.nextToken() == JsonToken.START_ARRAY) {
                    p.nextToken();
                    int position = p.getIntValue();
                    p.nextToken();
                    int deleted = p.getIntValue();
                    p.nextToken();
                    String text = checkedText(p.getText(), name);
                    expect(p.nextToken(), JsonToken.END_ARRAY, p);
                    Delta patch = EditingTrace.patch(position, deleted, text);
                    txn = txn == null ? patch : txn.compose(patch);
                    patchCount[0]++;
                }
            }
            if (txn != null) {
                edits.add(txn);
            }
        }
    }

    private static String checkedText(String text, String name) throws IOException {
        for (int i = 0; i < text.length(); i++) {
            if (Character.isSurrogate(text.charAt(i))) {
                throw new IOException(name + ": holds characters above U+FFFF, whose code-point positions "
                        + "differ from UTF-16 offsets; this reader does not convert them");
            }
        }
        return text;
    }

    private static void expect(JsonToken actual, JsonToken expected, JsonParser p) throws IOException {
        if (actual != expected) {
            throw new IOException("expected " + expected + " but found " + actual + " at " + p.currentLocation());
        }
    }
}
