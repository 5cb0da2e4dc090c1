package io.quire.server.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.quire.ot.Delta;
import io.quire.server.auth.Identity;
import io.quire.server.auth.Role;
import io.quire.server.document.DocumentRegistry;
import io.quire.server.document.SequencerSettings;
import io.quire.server.document.Submission;
import io.quire.server.protocol.MessageEncoder;
import io.quire.server.storage.DocKey;
import io.quire.server.storage.InMemoryDocumentStore;
import io.quire.server.storage.StoredOp;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A member removed while their subscribe is on its way must not keep the subscription. */
class SessionAccessTest {
    private final InMemoryDocumentStore store = new InMemoryDocumentStore();
    private final DocumentRegistry registry = new DocumentRegistry(store, SequencerSettings.DEFAULTS, MessageEncoder::op);
    private final List<String> sent = new CopyOnWriteArrayList<>();
    private final Outbox outbox = new Outbox() {
        @Override
        public void send(String frame) {
            sent.add(frame);
        }

        @Override
        public void close(short code, String reason) {
            sent.add("CLOSE " + code + " " + reason);
        }
    };

    @AfterEach
    void close() {
        registry.close();
        store.close();
    }

    @Test
    void aRemovalBetweenTheCheckAndTheSubscriptionEndsIt() throws Exception {
        DocKey key = new DocKey("book", "ch1");
        registry.submit(key, new Submission(null, "setup", 1, StoredOp.Kind.CREATE, Delta.ofText("hi\n"), "owner", null))
                .get(10, TimeUnit.SECONDS);
        // The first question (the request's check) sees a viewer; every later one sees the member gone.
        AtomicInteger asked = new AtomicInteger();
        Session session = new Session(outbox, registry, new PresenceChannels(), new SessionLimits(1 << 20, 500, 2000),
                Identity.user("vic", "Vic", Long.MAX_VALUE), (who, book) -> asked.getAndIncrement() == 0 ? Role.VIEWER : null);
        session.onFrame("{\"a\":\"s\",\"c\":\"book\",\"d\":\"ch1\"}");

        // An op by someone else must not reach the removed member.
        registry.submit(key, new Submission(1L, "other", 1, StoredOp.Kind.EDIT, Delta.builder().insert("x").build(), "owner", null))
                .get(10, TimeUnit.SECONDS);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (sent.stream().noneMatch(f -> f.contains("ERR_ACCESS_DENIED")) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        Thread.sleep(200);
        assertThat(sent).anyMatch(f -> f.contains("ERR_ACCESS_DENIED") && f.contains("removed"));
        assertThat(sent).noneMatch(f -> f.contains("\"op\":") && f.contains("\"x\""));
        assertThat(session.touches("book")).isFalse();
    }
}
