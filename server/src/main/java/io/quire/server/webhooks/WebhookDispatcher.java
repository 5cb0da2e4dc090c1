package io.quire.server.webhooks;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Sends each book's events to the book's webhooks, without ever making the caller wait.
 *
 * <p><b>Threads.</b> {@link #publish} and {@link #chapterChanged} may be called from any thread and return at once:
 * publish hands the event to the dispatcher's Vert.x context, and chapterChanged only updates an in-memory window (see
 * {@link ChapterChanges}). Everything else (asking {@code hooksOfBook}, queueing, signing, HTTP) runs on that one
 * context: the one current when the dispatcher is made, a fresh event-loop context when it is made outside Vert.x (the
 * usual case: make it at startup, not inside a verticle or a blocking task). Webhook traffic is small next to editing,
 * and one context means no locks around the queues.
 *
 * <p><b>Delivery.</b> Every hook of the event's book that {@linkplain Webhook#accepts accepts} its type gets a signed
 * POST (wire format in {@link WebhookEvent}, headers in {@link WebhookSender}, signature in {@link WebhookSignature}).
 * A 2xx answer delivers the event; any other status, a timeout or a connection error is retried after
 * {@code initialRetryDelay}, then {@code backoffFactor} times longer each time (plus up to 10% jitter, at most
 * {@code maxRetryDelay}), {@code maxAttempts} attempts in all, then given up with a warning. Each hook's events go
 * out one at a time in publish order, so a receiver sees them in order and a slow or dead receiver holds up only
 * its own hook; at most {@code queueBound} events wait behind the one in flight, the oldest dropped first.
 * Delivery is at least once: a receiver that answers too late gets the event again, with the same id.
 *
 * <p><b>{@code chapter.changed}.</b> A chapter's first op opens a window; when it has been open for
 * {@code debounce} (checked every {@code debounce / 8}, at least 10 ms), the window closes and becomes one event
 * whatever is still arriving. A burst of edits is one event; someone typing without pause yields one event per
 * debounce period, each covering the ops since the last, so receivers hear of changes within about
 * {@code 1.125 × debounce} and never get more than one event per chapter per debounce.
 */
public final class WebhookDispatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookDispatcher.class);

    private final Vertx vertx;
    private final Context context;
    private final Function<String, List<Webhook>> hooksOfBook;
    private final WebhookSettings settings;
    private final WebhookSender sender;
    private final ChapterChanges chapters = new ChapterChanges();
    /** Written on the context only; read by {@link #recentDeliveries} from anywhere. */
    private final ConcurrentHashMap<String, HookQueue> queues = new ConcurrentHashMap<>();
    private volatile boolean closed;
    private volatile long sweepTimer = -1;

    /**
     * @param hooksOfBook the book registry's in-memory view of a book's hooks (an empty list when it has none);
     *                    asked on the dispatcher's context for every event and before every attempt, so it must be
     *                    cheap and thread-safe
     */
    public WebhookDispatcher(Vertx vertx, Function<String, List<Webhook>> hooksOfBook, WebhookSettings settings) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.hooksOfBook = Objects.requireNonNull(hooksOfBook, "hooksOfBook");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.context = vertx.getOrCreateContext();
        this.sender = new WebhookSender(vertx, settings.requestTimeout());
        long debounceMillis = Math.max(1, settings.debounce().toMillis());
        long sweepMillis = Math.max(10, debounceMillis / 8);
        context.runOnContext(ignored -> {
            if (!closed) {
                sweepTimer = vertx.setPeriodic(sweepMillis, id -> closeDueWindows());
            }
        });
    }

    /** Queues {@code event} for every subscribed hook of its book; thread-safe, never blocks. */
    public void publish(WebhookEvent event) {
        Objects.requireNonNull(event, "event");
        if (!closed) {
            context.runOnContext(ignored -> route(event.bookId(), event.type(), () -> event));
        }
    }

    /**
     * Notes one committed op of a chapter; called on the commit path of every document, from its sequencer's
     * thread. O(1), no I/O, no lock held beyond a few field updates. The op becomes part of a {@code chapter.changed}
     * event at most about {@code debounce} later (see the class comment).
     *
     * @param version the version the op was applied at (the chapter is at {@code version + 1} afterwards)
     * @param author  who made it
     */
    public void chapterChanged(String bookId, String chapterId, long version, String author) {
        if (!closed) {
            chapters.record(bookId, chapterId, version, author);
        }
    }

    /** The hook's last {@value DeliveryLog#CAPACITY} attempts and drops, newest first; empty for an unknown hook. */
    public List<Delivery> recentDeliveries(String hookId) {
        HookQueue queue = queues.get(hookId);
        return queue == null ? List.of() : queue.log().newestFirst();
    }

    /**
     * Stops the sweep and every retry and closes the HTTP client, failing attempts in flight. Events not yet
     * delivered, and chapter changes not yet reported, are dropped. Later calls to publish and chapterChanged do
     * nothing.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        long timer = sweepTimer;
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        queues.values().forEach(HookQueue::cancelRetry);
        chapters.clear();
        sender.close();
    }

    private void closeDueWindows() {
        if (closed) {
            return;
        }
        long debounceNanos = settings.debounce().toNanos();
        chapters.closeDue(System.nanoTime(), debounceNanos, (key, window) -> route(key.bookId(),
                WebhookEvent.CHAPTER_CHANGED,
                () -> new WebhookEvent(WebhookEvent.newId(), WebhookEvent.CHAPTER_CHANGED, key.bookId(), Instant.now(),
                        window.toData(key.chapterId()))));
    }

    /** On the context: hands the event (made only if some hook wants it) to each subscribed hook's queue. */
    private void route(String bookId, String type, Supplier<WebhookEvent> event) {
        if (closed) {
            return;
        }
        List<Webhook> hooks = hooksOf(bookId);
        if (hooks == null) {
            return;
        }
        WebhookEvent made = null;
        for (Webhook hook : hooks) {
            // The book check guards against a registry bug sending one book's events to another book's owner.
            if (hook.bookId().equals(bookId) && hook.accepts(type)) {
                if (made == null) {
                    made = event.get();
                }
                queues.computeIfAbsent(hook.id(), id -> newQueue(hook)).offer(hook, made);
            }
        }
    }

    private HookQueue newQueue(Webhook hook) {
        return new HookQueue(hook, vertx, settings, sender, this::currentVersionOf, () -> closed,
                () -> queues.remove(hook.id()));
    }

    /** The registry's current version of {@code hook}, or null once it is gone (unchanged if the lookup fails). */
    private Webhook currentVersionOf(Webhook hook) {
        List<Webhook> hooks = hooksOf(hook.bookId());
        if (hooks == null) {
            return hook;
        }
        for (Webhook candidate : hooks) {
            if (candidate.id().equals(hook.id())) {
                return candidate;
            }
        }
        return null;
    }

    /** The book's hooks, or null when the lookup failed. */
    private List<Webhook> hooksOf(String bookId) {
        try {
            List<Webhook> hooks = hooksOfBook.apply(bookId);
            return hooks == null ? List.of() : hooks;
        } catch (RuntimeException e) {
            // A registry failure loses this event but must neither stop the dispatcher nor end a hook's queue.
            LOG.error("looking up the webhooks of book {} failed", bookId, e);
            return null;
        }
    }
}
