package io.quire.benchmarks.load;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * One client event loop: its {@link WebSocketClient} (kept in a field: Vert.x 5 closes an unreferenced client,
 * killing handshakes in flight), the clients connected from it, and their {@link LoopMetrics}. The generator
 * deploys one instance per event loop and talks to it only through {@link #call}.
 */
final class ClientLoop extends VerticleBase {
    private final LoadConfig config;
    private final LoopMetrics metrics = new LoopMetrics();
    private final List<LoadClient> clients = new ArrayList<>();
    private WebSocketClient webSocketClient;

    ClientLoop(LoadConfig config) {
        this.config = config;
    }

    @Override
    public Future<?> start() {
        webSocketClient = vertx.createWebSocketClient(new WebSocketClientOptions()
                .setMaxConnections(config.clients() + 16)
                .setConnectTimeout(config.connectTimeout() * 1000)
                .setMaxMessageSize(64 * 1024 * 1024)
                .setTcpNoDelay(true));
        return Future.succeededFuture();
    }

    @Override
    public Future<?> stop() {
        return webSocketClient == null ? Future.succeededFuture() : webSocketClient.close();
    }

    /** Runs {@code task} on this loop; the future completes with its result, off the loop. */
    <T> CompletableFuture<T> call(Supplier<T> task) {
        CompletableFuture<T> result = new CompletableFuture<>();
        context.runOnContext(v -> {
            try {
                result.complete(task.get());
            } catch (RuntimeException | Error e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    /** Creates and connects a client on this loop. */
    CompletableFuture<LoadClient> connect(int index, java.util.Map<String, SendLog> sendLogs) {
        return call(() -> {
            LoadClient client = new LoadClient(index, config, vertx, metrics, sendLogs);
            clients.add(client);
            client.connect(webSocketClient);
            return client;
        });
    }

    CompletableFuture<Integer> startTyping() {
        return call(() -> {
            clients.forEach(LoadClient::startTyping);
            return clients.size();
        });
    }

    /** Stops typing and takes the metrics in one step, so no op is counted after the window closes. */
    CompletableFuture<LoopMetrics.Snapshot> stopTyping() {
        return call(() -> {
            clients.forEach(LoadClient::stopTyping);
            return metrics.snapshot();
        });
    }

    /** Takes the counters and starts the latency histograms afresh: the end of the warm-up. */
    CompletableFuture<LoopMetrics.Snapshot> startMeasuring() {
        return call(() -> {
            LoopMetrics.Snapshot before = metrics.snapshot();
            metrics.resetLatencies();
            return before;
        });
    }

    CompletableFuture<LoopMetrics.Snapshot> snapshot() {
        return call(metrics::snapshot);
    }

    CompletableFuture<List<LoadClient.Probe>> probe() {
        return call(() -> {
            long now = System.nanoTime();
            List<LoadClient.Probe> probes = new ArrayList<>(clients.size());
            clients.forEach(c -> probes.add(c.probe(now)));
            return probes;
        });
    }

    CompletableFuture<Void> closeAll() {
        return call(() -> {
            clients.forEach(LoadClient::close);
            return null;
        });
    }
}
