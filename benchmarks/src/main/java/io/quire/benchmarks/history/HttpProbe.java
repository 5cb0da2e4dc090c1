package io.quire.benchmarks.history;

import io.quire.server.QuireServer;
import io.quire.server.config.ServerConfig;
import io.quire.server.storage.DocKey;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Times the REST API of a real server started over the benchmark's data folder: past versions and blames, one
 * request at a time from one {@link HttpClient} (HTTP/1.1, one kept-alive connection), full body read.
 */
final class HttpProbe {
    private HttpProbe() {
    }

    /**
     * @param firstRequestNanos the first request, which opens the chapter (loads it from the store)
     * @param versions          GET .../versions/{v}
     * @param blames            GET .../blame?version=v
     * @param meanVersionBytes  body size of a version, on average
     * @param meanBlameBytes    body size of a blame, on average
     * @param gcMillis          time the JVM's collectors reported during the timed requests (server and client share the JVM)
     */
    record Result(long firstRequestNanos, Timings versions, Timings blames, double meanVersionBytes, double meanBlameBytes,
                  long gcMillis) {
    }

    static Result run(Path dataDir, DocKey key, long[] versions) throws Exception {
        QuireServer server = new QuireServer();
        server.start(ServerConfig.defaults().withPort(0).withDataDir(dataDir))
                .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        try {
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(10)).build();
            String chapter = "http://127.0.0.1:" + server.actualPort() + "/api/v1/books/" + segment(key.collection())
                    + "/chapters/" + segment(key.id());
            long t0 = System.nanoTime();
            get(client, chapter + "/revisions?limit=1");
            long first = System.nanoTime() - t0;

            Timings.Recorder versionTimes = new Timings.Recorder("http version");
            Timings.Recorder blameTimes = new Timings.Recorder("http blame");
            long gcStart = GcWatch.millis();
            long versionBytes = 0;
            long blameBytes = 0;
            for (long v : versions) {
                versionTimes.start();
                versionBytes += get(client, chapter + "/versions/" + v);
                versionTimes.stop();
                blameTimes.start();
                blameBytes += get(client, chapter + "/blame?version=" + v);
                blameTimes.stop();
            }
            int n = Math.max(1, versions.length);
            return new Result(first, versionTimes.done(), blameTimes.done(), (double) versionBytes / n, (double) blameBytes / n,
                    GcWatch.millis() - gcStart);
        } finally {
            server.stop().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        }
    }

    /** The body's length in bytes; anything but 200 is an error. */
    private static long get(HttpClient client, String url) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                .GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET " + url + " answered " + response.statusCode() + ": "
                    + new String(response.body(), 0, Math.min(500, response.body().length), StandardCharsets.UTF_8));
        }
        return response.body().length;
    }

    private static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
