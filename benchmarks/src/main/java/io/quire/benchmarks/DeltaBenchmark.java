package io.quire.benchmarks;

import io.quire.ot.AttributeMap;
import io.quire.ot.Delta;
import io.quire.ot.DeltaBuilder;
import io.quire.ot.DocumentRope;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * compose, transform and apply on the ops editors send: a keystroke, a paste of a paragraph, and a
 * formatting change over a sentence, against chapters of 1,000 and 200,000 characters that already
 * carry some formatting.
 *
 * <p>{@code java -jar benchmarks/target/benchmarks.jar DeltaBenchmark}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Thread)
public class DeltaBenchmark {
    private static final AttributeMap BOLD = AttributeMap.of("bold", true);

    @Param({"1000", "200000"})
    public int documentLength;

    @Param({"keystroke", "paste", "format"})
    public String edit;

    private Delta document;
    private DocumentRope rope;
    private Delta change;
    private Delta undo;
    private Delta concurrentKeystroke;

    @Setup
    public void setUp() {
        Random random = new Random(42);
        document = chapter(documentLength, random);
        rope = new DocumentRope(document);
        int at = documentLength / 2;
        change = switch (edit) {
            case "keystroke" -> new DeltaBuilder().retain(at).insert("e").build();
            case "paste" -> new DeltaBuilder().retain(at).insert(paragraph(random, 600)).build();
            case "format" -> new DeltaBuilder().retain(at).retain(120, BOLD).build();
            default -> throw new IllegalArgumentException(edit);
        };
        undo = change.invert(document);
        concurrentKeystroke = new DeltaBuilder().retain(at + 3).insert("x").build();
    }

    /** Prose in paragraphs, with a bold word now and then, like a chapter written in Quill. */
    static Delta chapter(int length, Random random) {
        DeltaBuilder doc = new DeltaBuilder();
        int written = 0;
        while (written < length) {
            String words = paragraph(random, Math.min(length - written, 40 + random.nextInt(400)));
            boolean bold = random.nextInt(8) == 0;
            doc.insert(words, bold ? BOLD : AttributeMap.EMPTY);
            written += words.length();
        }
        return doc.build();
    }

    static String paragraph(Random random, int length) {
        StringBuilder text = new StringBuilder(length);
        while (text.length() < length) {
            text.append(random.nextInt(6) == 0 ? ' ' : (char) ('a' + random.nextInt(26)));
        }
        text.setCharAt(length - 1, '\n');
        return text.toString();
    }

    /** The rich-text type's apply: snapshot.compose(op), a new document each time. */
    @Benchmark
    public Delta composeOntoDocument() {
        return document.compose(change);
    }

    /** The rope applies the change in place, then its inverse so the document stays the same size. */
    @Benchmark
    public DocumentRope applyToRopeAndUndo() {
        rope.apply(change);
        rope.apply(undo);
        return rope;
    }

    /** Two changes composed into one, as a client squashes pending ops. */
    @Benchmark
    public Delta composeChanges() {
        return change.compose(concurrentKeystroke);
    }

    /** A committed change against an incoming keystroke: the server's transform on every concurrent op. */
    @Benchmark
    public Delta transformIncomingKeystroke() {
        return change.transform(concurrentKeystroke, true);
    }

    @Benchmark
    public int transformCaret() {
        return change.transformPosition(documentLength / 2 + 10, true);
    }
}
