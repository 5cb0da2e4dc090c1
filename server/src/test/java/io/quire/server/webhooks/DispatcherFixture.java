package io.quire.server.webhooks;

import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.ToIntFunction;

/** A Vert.x instance, an in-memory book registry, receivers and a dispatcher, all closed after each test. */
abstract class DispatcherFixture {
    protected Vertx vertx;
    protected final Map<String, List<Webhook>> books = new ConcurrentHashMap<>();
    private final List<Receiver> receivers = new ArrayList<>();
    protected WebhookDispatcher dispatcher;

    /** Short waits so retries happen within a test: debounce 200 ms, retries 100 ms ×2, 5 attempts, 2 s timeout. */
    static WebhookSettings fast() {
        return new WebhookSettings(Duration.ofMillis(200), Duration.ofMillis(100), 2.0, Duration.ofSeconds(2), 5, 100,
                Duration.ofSeconds(2));
    }

    @BeforeEach
    void startVertx() {
        vertx = Vertx.vertx();
    }

    @AfterEach
    void closeAll() throws Exception {
        if (dispatcher != null) {
            dispatcher.close();
        }
        for (Receiver receiver : receivers) {
            receiver.close();
        }
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    WebhookDispatcher dispatcher(WebhookSettings settings) {
        dispatcher = new WebhookDispatcher(vertx, book -> books.getOrDefault(book, List.of()), settings);
        return dispatcher;
    }

    Receiver receiver(ToIntFunction<Receiver.Received> responder) throws Exception {
        Receiver receiver = Receiver.start(vertx, responder);
        receivers.add(receiver);
        return receiver;
    }

    Receiver receiver(int status) throws Exception {
        return receiver(request -> status);
    }

    /** Registers a new hook of {@code book} pointing at {@code receiver}. */
    Webhook hook(String book, Receiver receiver, String... events) {
        Webhook hook = Webhook.create(book, receiver.url(), Set.of(events));
        books.computeIfAbsent(book, b -> new CopyOnWriteArrayList<>()).add(hook);
        return hook;
    }

    /** Waits (bounded) until the hook's delivery log has {@code count} entries; returns them, newest first. */
    List<Delivery> awaitDeliveries(Webhook hook, int count) {
        Receiver.awaitTrue(() -> dispatcher.recentDeliveries(hook.id()).size() >= count,
                () -> count + " deliveries of " + hook.id() + ", got " + dispatcher.recentDeliveries(hook.id()));
        return dispatcher.recentDeliveries(hook.id());
    }

    static long millisBetween(Receiver.Received earlier, Receiver.Received later) {
        return TimeUnit.NANOSECONDS.toMillis(later.nanos() - earlier.nanos());
    }
}
