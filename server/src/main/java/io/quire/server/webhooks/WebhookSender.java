package io.quire.server.webhooks;

import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Makes one attempt: a signed POST of an event's body to a hook's URL, with these headers
 * <pre>
 * Content-Type: application/json
 * User-Agent: Quire-Webhooks/1
 * X-Quire-Event: chapter.changed             (the event's type)
 * X-Quire-Delivery: evt_5f0c…                (the event's id: the same on every attempt)
 * X-Quire-Timestamp: 1793700930              (unix seconds of this attempt)
 * X-Quire-Signature: v1=3f1c…                (see WebhookSignature)
 * </pre>
 * The response body is read and thrown away; redirects are not followed (a 3xx is a failure, as the owner should
 * register the final URL). The whole attempt, connecting included, is bounded by the request timeout: a receiver
 * that accepts the connection and never answers, or answers a byte at a time, is cut off.
 *
 * <p>Must be called on the dispatcher's context, where its results complete. Owns the HTTP client: keep it in a
 * field and {@link #close()} it (a Vert.x client nothing references is closed by the garbage collector).
 */
final class WebhookSender implements AutoCloseable {
    static final String USER_AGENT = "Quire-Webhooks/1";
    private static final int MAX_ERROR_LENGTH = 200;

    private final Vertx vertx;
    private final long timeoutMillis;
    private final HttpClientAgent client;

    /** What one attempt came to: an HTTP status, or 0 and why there was none. */
    record Result(int status, String error, long durationMillis, Instant startedAt) {
        boolean delivered() {
            return status >= 200 && status < 300;
        }
    }

    WebhookSender(Vertx vertx, Duration requestTimeout) {
        this.vertx = vertx;
        this.timeoutMillis = Math.max(1, requestTimeout.toMillis());
        HttpClientOptions options = new HttpClientOptions()
                .setName("quire-webhooks")
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, timeoutMillis))
                .setKeepAlive(true)
                .setKeepAliveTimeout(30);
        // One attempt in flight per hook: a handful of connections per receiver is plenty.
        this.client = vertx.createHttpClient(options, new PoolOptions().setHttp1MaxSize(8));
    }

    /** Sends {@code body} to {@code hook}; the future always succeeds, with the outcome. */
    Future<Result> send(Webhook hook, WebhookEvent event, byte[] body) {
        Attempt attempt = new Attempt();
        String timestamp = Long.toString(attempt.startedAt.getEpochSecond());
        RequestOptions request;
        try {
            request = new RequestOptions()
                    .setMethod(HttpMethod.POST)
                    .setAbsoluteURI(hook.url())
                    .setFollowRedirects(false)
                    .setConnectTimeout(timeoutMillis)
                    .setIdleTimeout(timeoutMillis)
                    .putHeader("Content-Type", "application/json")
                    .putHeader("User-Agent", USER_AGENT)
                    .putHeader("X-Quire-Event", event.type())
                    .putHeader("X-Quire-Delivery", event.id())
                    .putHeader("X-Quire-Timestamp", timestamp)
                    .putHeader("X-Quire-Signature", WebhookSignature.sign(hook.secret(), timestamp, body));
        } catch (RuntimeException e) {
            attempt.finish(0, describe(e));
            return attempt.promise.future();
        }
        attempt.timer = vertx.setTimer(timeoutMillis, id -> attempt.timedOut());
        client.request(request)
                .compose(sent -> {
                    attempt.request = sent;
                    return sent.send(Buffer.buffer(body));
                })
                .compose(response -> {
                    int status = response.statusCode();
                    response.handler(ignored -> { });
                    return response.end().map(status);
                })
                .onComplete(attempt::completed);
        return attempt.promise.future();
    }

    /** Closes the client: attempts in flight fail at once. Waits up to 5 s unless called on a Vert.x thread. */
    @Override
    public void close() {
        Future<Void> closed = client.close();
        if (!io.vertx.core.Context.isOnVertxThread()) {
            try {
                closed.await(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                // Closing is best effort: the dispatcher is going away either way.
            }
        }
    }

    private final class Attempt {
        final Promise<Result> promise = Promise.promise();
        final Instant startedAt = Instant.now();
        final long startedNanos = System.nanoTime();
        long timer = -1;
        HttpClientRequest request;
        boolean done;

        void completed(AsyncResult<Integer> outcome) {
            if (outcome.succeeded()) {
                finish(outcome.result(), null);
            } else {
                finish(0, describe(outcome.cause()));
            }
        }

        void timedOut() {
            timer = -1;
            if (!done) {
                finish(0, "timeout: no complete response within " + timeoutMillis + " ms");
                if (request != null) {
                    request.reset(0, new TimeoutException("webhook request timed out"));
                }
            }
        }

        void finish(int status, String error) {
            if (done) {
                return;
            }
            done = true;
            if (timer >= 0) {
                vertx.cancelTimer(timer);
            }
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos);
            promise.complete(new Result(status, error, millis, startedAt));
        }
    }

    private static String describe(Throwable error) {
        String message = error.getMessage();
        String text = error.getClass().getSimpleName() + (message == null ? "" : ": " + message);
        return text.length() <= MAX_ERROR_LENGTH ? text : text.substring(0, MAX_ERROR_LENGTH) + "…";
    }
}
