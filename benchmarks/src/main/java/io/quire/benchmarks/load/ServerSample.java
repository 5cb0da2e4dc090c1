package io.quire.benchmarks.load;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * What the soak run reads from the server at one moment: from its Prometheus {@code /metrics} the heap in use (all
 * heap pools), the old generation's part of it (what survived collections: where a leak piles up; micrometer's
 * {@code jvm_gc_live_data_size_bytes} would be better but G1 leaves it at 0 until a mixed collection) and the
 * WebSocket sessions; from {@code /proc/PID/status} its resident set; from {@code /proc/PID/stat} its CPU ticks.
 * A value that could not be read is -1.
 */
record ServerSample(long heapUsed, long oldGen, long sessions, long rss, long cpuTicks) {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    static ServerSample take(URI metrics, long pid) {
        String text = null;
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(5)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 200) {
                text = r.body();
            }
        } catch (IOException e) {
            // reported as -1
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        long rss = -1;
        if (pid > 0) {
            try {
                rss = rssBytes(Files.readString(Path.of("/proc/" + pid + "/status")));
            } catch (IOException e) {
                // not Linux, or the process is gone
            }
        }
        return fromMetrics(text, rss, pid > 0 ? ProcCpu.processTicks(pid) : -1);
    }

    static ServerSample fromMetrics(String text, long rss, long cpuTicks) {
        if (text == null) {
            return new ServerSample(-1, -1, -1, rss, cpuTicks);
        }
        double heap = 0;
        boolean sawHeap = false;
        double old = 0;
        boolean sawOld = false;
        long sessions = -1;
        for (String line : text.split("\n")) {
            if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
                heap += value(line);
                sawHeap = true;
                // G1 Old Gen, PS Old Gen, Tenured Gen (serial)
                if (line.contains("Old Gen") || line.contains("Tenured")) {
                    old += value(line);
                    sawOld = true;
                }
            } else if (line.startsWith("quire_sessions_connected")) {
                sessions = (long) value(line);
            }
        }
        return new ServerSample(sawHeap ? (long) heap : -1, sawOld ? (long) old : -1, sessions, rss, cpuTicks);
    }

    private static double value(String line) {
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
    }

    /**
     * The heap in use right after a full collection, asked for with {@code jcmd PID GC.run} (a System.gc in the
     * server: one pause, so the soak asks only at its start, middle and end); -1 if jcmd is missing or fails.
     */
    static long heapAfterFullGc(URI metrics, long pid) {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        if (pid <= 0 || !Files.isExecutable(jcmd)) {
            return -1;
        }
        try {
            Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "GC.run").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return -1;
            }
            return p.exitValue() == 0 ? take(metrics, pid).heapUsed() : -1;
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** VmRSS of a /proc/PID/status text, in bytes. */
    static long rssBytes(String status) {
        for (String line : status.split("\n")) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.substring(6).strip().split("\\s+")[0]) * 1024;
            }
        }
        return -1;
    }
}
