package io.quire.benchmarks.load;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Map;

/**
 * The outcome of one run, as text for people and as one JSON line for scripts ({@code run-load.sh} picks the line
 * starting with {@code {"loadgen":}).
 *
 * @param measuredSeconds   the measured window as it really lasted
 * @param ackedPerSecond    acknowledged edit ops per second in the window (every ack is a durable commit on Quire)
 * @param errors            error replies by code over the whole run (setup, warm-up, window and drain)
 * @param disconnects       connections the server or the network closed after setup, over the whole run
 * @param zeroAckSeconds    whole seconds of the window in which no op at all was acknowledged (stalls)
 * @param minAckedPerSecond the slowest whole second of the window
 * @param unackedAfterDrain ops still waiting for their ack when the drain time ran out
 * @param unconvergedDocs   documents whose connected clients still disagree on version or length when the drain
 *                          ends: a server still working off a backlog (see unackedAfterDrain), or lost ops
 * @param loadgenCores      CPU the generator itself used in the window, in cores (it shares the machine)
 * @param serverCores       CPU the server process used in the window ({@code --server-pid}), or -1
 * @param machineCores      CPU the whole machine used in the window, or -1: more than server + generator means
 *                          something else was running
 */
public record LoadReport(String label, String url, int clients, int docs, String rate, int seconds, int warmup,
                         double setupSeconds, double measuredSeconds, double ackedPerSecond, double keystrokesPerSecond,
                         double deliveriesPerSecond, LatencySummary opToAck, LatencySummary opToPeer,
                         Map<String, Long> errors, long disconnects, Map<String, Long> closeReasons, long versionGaps,
                         long resyncs, long duplicates, long ownEchoes, long badFrames, long peerUntimed,
                         long zeroAckSeconds, long minAckedPerSecond, long unackedAfterDrain, long unconvergedDocs,
                         double loadgenCores, double serverCores, double machineCores, int cores) {

    private static final JsonFactory JSON = new JsonFactory();

    public long errorCount() {
        return errors.values().stream().mapToLong(Long::longValue).sum();
    }

    public String text() {
        StringBuilder out = new StringBuilder();
        line(out, "server", url + (label.isEmpty() ? "" : " (" + label + ")"));
        line(out, "load", String.format(Locale.ROOT, "%d clients on %d documents, rate %s keystrokes/s per client, %d s measured after %d s warm-up (setup took %.1f s)",
                clients, docs, rate, seconds, warmup, setupSeconds));
        line(out, "acknowledged ops/s", String.format(Locale.ROOT, "%,.0f  (keystrokes %,.0f/s, deliveries to peers %,.0f/s)",
                ackedPerSecond, keystrokesPerSecond, deliveriesPerSecond));
        line(out, "op-to-ack", opToAck.text());
        line(out, "op-to-peer", opToPeer.text());
        line(out, "errors", errors.isEmpty() ? "none" : errors.toString());
        line(out, "disconnects", disconnects + (closeReasons.isEmpty() ? "" : " " + closeReasons));
        line(out, "stalls", String.format(Locale.ROOT, "%d second(s) without any ack; slowest second %,d acks; %d op(s) unacked after drain",
                zeroAckSeconds, minAckedPerSecond, unackedAfterDrain));
        line(out, "consistency", String.format(Locale.ROOT, "%d document(s) not converged after the drain; %d version gap(s), %d resync(s), %d duplicate(s), %d own echo(es), %d bad frame(s), %d untimed deliveries",
                unconvergedDocs, versionGaps, resyncs, duplicates, ownEchoes, badFrames, peerUntimed));
        line(out, "machine", String.format(Locale.ROOT, "%d cores (availableProcessors), shared by the server and this generator; in the window the generator used %.2f cores%s%s",
                cores, loadgenCores, serverCores < 0 ? "" : String.format(Locale.ROOT, ", the server %.2f", serverCores),
                machineCores < 0 ? "" : String.format(Locale.ROOT, ", the whole machine %.2f", machineCores)));
        return out.toString();
    }

    private static void line(StringBuilder out, String name, String value) {
        out.append(String.format(Locale.ROOT, "  %-20s %s%n", name, value));
    }

    public String json() {
        StringWriter writer = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(writer)) {
            g.writeStartObject();
            g.writeStringField("loadgen", "quire-load/1");
            g.writeStringField("label", label);
            g.writeStringField("url", url);
            g.writeNumberField("clients", clients);
            g.writeNumberField("docs", docs);
            g.writeStringField("rate", rate);
            g.writeNumberField("seconds", seconds);
            g.writeNumberField("warmup", warmup);
            g.writeNumberField("setupSeconds", round(setupSeconds));
            g.writeNumberField("measuredSeconds", round(measuredSeconds));
            g.writeNumberField("ackedOpsPerSec", round(ackedPerSecond));
            g.writeNumberField("keystrokesPerSec", round(keystrokesPerSecond));
            g.writeNumberField("deliveriesPerSec", round(deliveriesPerSecond));
            latency(g, "opToAckMs", opToAck);
            latency(g, "opToPeerMs", opToPeer);
            g.writeObjectFieldStart("errors");
            for (Map.Entry<String, Long> e : errors.entrySet()) {
                g.writeNumberField(e.getKey(), e.getValue());
            }
            g.writeEndObject();
            g.writeNumberField("disconnects", disconnects);
            g.writeObjectFieldStart("closeReasons");
            for (Map.Entry<String, Long> e : closeReasons.entrySet()) {
                g.writeNumberField(e.getKey(), e.getValue());
            }
            g.writeEndObject();
            g.writeNumberField("versionGaps", versionGaps);
            g.writeNumberField("resyncs", resyncs);
            g.writeNumberField("duplicates", duplicates);
            g.writeNumberField("ownEchoes", ownEchoes);
            g.writeNumberField("badFrames", badFrames);
            g.writeNumberField("peerUntimed", peerUntimed);
            g.writeNumberField("zeroAckSeconds", zeroAckSeconds);
            g.writeNumberField("minAckedPerSecond", minAckedPerSecond);
            g.writeNumberField("unackedAfterDrain", unackedAfterDrain);
            g.writeNumberField("unconvergedDocs", unconvergedDocs);
            g.writeNumberField("loadgenCores", round(loadgenCores));
            g.writeNumberField("serverCores", round(serverCores));
            g.writeNumberField("machineCores", round(machineCores));
            g.writeNumberField("availableProcessors", cores);
            g.writeStringField("note", "server and load generator share these " + cores + " cores (nproc)");
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return writer.toString();
    }

    private static void latency(JsonGenerator g, String name, LatencySummary s) throws IOException {
        g.writeObjectFieldStart(name);
        g.writeNumberField("count", s.count());
        g.writeNumberField("p50", s.p50());
        g.writeNumberField("p95", s.p95());
        g.writeNumberField("p99", s.p99());
        g.writeNumberField("max", s.max());
        g.writeNumberField("mean", round(s.mean()));
        g.writeEndObject();
    }

    private static double round(double v) {
        return Math.round(v * 1000.0) / 1000.0;
    }
}
