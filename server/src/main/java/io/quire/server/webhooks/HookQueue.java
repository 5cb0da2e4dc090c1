package io.quire.server.webhooks;

import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;

/**
 * One hook's deliveries, in order: the event being delivered (retried with backoff until it succeeds or runs out
 * of attempts) and, behind it, at most {@code queueBound} waiting events. A full queue drops its oldest waiting
 * event rather than grow or push back on the publisher. Only this hook waits for its receiver.
 *
 * <p>Runs on the dispatcher's context only, except {@link #log()} and {@link #cancelRetry()}.
 */
final class HookQueue {
    private static final Logger LOG = LoggerFactory.getLogger(HookQueue.class);
    /** Drops are warned about at most this often per hook, with a count, so a dead receiver cannot flood the log. */
    private static final long DROP_WARNING_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final Vertx vertx;
    private final WebhookSettings settings;
    private final WebhookSender sender;
    private final UnaryOperator<Webhook> current;
    private final BooleanSupplier closed;
    private final Runnable retire;
    private final DeliveryLog log = new DeliveryLog();
    private final ArrayDeque<WebhookEvent> waiting = new ArrayDeque<>();

    private Webhook hook;
    private WebhookEvent delivering;
    private byte[] body;
    private int attempts;
    private volatile long retryTimer = -1;
    private int droppedSinceWarning;
    private long lastDropWarning;
    private boolean warnedAboutDrops;

    /**
     * @param current the hook as the registry has it now, or null once it is deleted (asked before each attempt,
     *                so a changed URL or secret applies to the next attempt and a deleted hook stops)
     * @param retire  called when the hook turns out to be deleted: the dispatcher forgets this queue
     */
    HookQueue(Webhook hook, Vertx vertx, WebhookSettings settings, WebhookSender sender,
              UnaryOperator<Webhook> current, BooleanSupplier closed, Runnable retire) {
        this.hook = hook;
        this.vertx = vertx;
        this.settings = settings;
        this.sender = sender;
        this.current = current;
        this.closed = closed;
        this.retire = retire;
    }

    DeliveryLog log() {
        return log;
    }

    void offer(Webhook latest, WebhookEvent event) {
        hook = latest;
        if (delivering == null) {
            start(event);
            return;
        }
        if (waiting.size() >= settings.queueBound()) {
            drop(waiting.pollFirst());
        }
        waiting.addLast(event);
    }

    /** Stops a scheduled retry; safe from any thread (the dispatcher is closing). */
    void cancelRetry() {
        long timer = retryTimer;
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    private void start(WebhookEvent event) {
        delivering = event;
        body = null;
        attempts = 0;
        attempt();
    }

    private void next() {
        WebhookEvent event = waiting.pollFirst();
        delivering = null;
        body = null;
        if (event != null) {
            start(event);
        }
    }

    private void attempt() {
        if (closed.getAsBoolean()) {
            return;
        }
        Webhook live = current.apply(hook);
        if (live == null) {
            LOG.info("webhook {} of book {} was deleted: dropping {} undelivered event(s)", hook.id(), hook.bookId(),
                    waiting.size() + 1);
            waiting.clear();
            delivering = null;
            retire.run();
            return;
        }
        hook = live;
        WebhookEvent event = delivering;
        if (body == null) {
            body = event.toBytes();
        }
        attempts++;
        int attempt = attempts;
        sender.send(hook, event, body).onSuccess(result -> finished(event, attempt, result));
    }

    private void finished(WebhookEvent event, int attempt, WebhookSender.Result result) {
        if (closed.getAsBoolean() || event != delivering) {
            return;
        }
        if (result.delivered()) {
            record(event, attempt, result, Delivery.Outcome.DELIVERED);
            next();
        } else if (attempt >= settings.maxAttempts()) {
            record(event, attempt, result, Delivery.Outcome.GAVE_UP);
            LOG.warn("webhook {} of book {} gave up on event {} ({}) after {} attempts; last: {}", hook.id(),
                    hook.bookId(), event.id(), event.type(), attempt, failure(result));
            next();
        } else {
            record(event, attempt, result, Delivery.Outcome.WILL_RETRY);
            long delay = settings.retryDelayMillis(attempt, ThreadLocalRandom.current().nextDouble());
            retryTimer = vertx.setTimer(Math.max(1, delay), id -> {
                retryTimer = -1;
                attempt();
            });
        }
    }

    private void record(WebhookEvent event, int attempt, WebhookSender.Result result, Delivery.Outcome outcome) {
        log.add(new Delivery(event.id(), event.type(), attempt, result.status(), result.error(),
                result.durationMillis(), result.startedAt(), outcome));
    }

    private void drop(WebhookEvent event) {
        log.add(new Delivery(event.id(), event.type(), 0, 0, "queue full (" + settings.queueBound() + " waiting)", 0,
                Instant.now(), Delivery.Outcome.DROPPED));
        droppedSinceWarning++;
        long now = System.nanoTime();
        if (!warnedAboutDrops || now - lastDropWarning >= DROP_WARNING_INTERVAL_NANOS) {
            LOG.warn("webhook {} of book {} is behind: its queue of {} is full, dropped {} oldest event(s), last {} ({})",
                    hook.id(), hook.bookId(), settings.queueBound(), droppedSinceWarning, event.id(), event.type());
            droppedSinceWarning = 0;
            lastDropWarning = now;
            warnedAboutDrops = true;
        }
    }

    private static String failure(WebhookSender.Result result) {
        return result.status() != 0 ? "HTTP " + result.status() : result.error();
    }
}
