package io.quire.server.webhooks;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quire.server.books.Book;
import io.quire.server.books.BookLabel;
import io.quire.server.books.BookRegistry;
import io.quire.server.books.Member;
import io.quire.server.document.CommitListener;
import io.quire.server.storage.StoredOp;

import java.util.Set;
import java.util.stream.Collectors;

/**
 * Turns what happens to books into webhook events: every committed op (a chapter changed, debounced by the
 * dispatcher; created; deleted), and changes of a book's record (a member joined, a version was labelled).
 * Both paths only hand events to the {@link WebhookDispatcher}, which never blocks them.
 */
public final class BookEvents implements CommitListener, BookRegistry.Listener {
    private final WebhookDispatcher dispatcher;
    private final java.util.function.Predicate<String> hasWebhooks;

    /** @param hasWebhooks whether a book has any webhook: most do not, and their ops then skip the dispatcher */
    public BookEvents(WebhookDispatcher dispatcher, java.util.function.Predicate<String> hasWebhooks) {
        this.dispatcher = dispatcher;
        this.hasWebhooks = hasWebhooks;
    }

    @Override
    public void committed(StoredOp op) {
        String book = op.key().collection();
        if (!hasWebhooks.test(book)) {
            return;
        }
        String chapter = op.key().id();
        switch (op.kind()) {
            case EDIT -> dispatcher.chapterChanged(book, chapter, op.version(), op.author());
            case CREATE -> dispatcher.publish(WebhookEvent.of(WebhookEvent.CHAPTER_CREATED, book, chapterData(op)));
            case DELETE -> dispatcher.publish(WebhookEvent.of(WebhookEvent.CHAPTER_DELETED, book, chapterData(op)));
        }
    }

    @Override
    public void changed(Book before, Book after) {
        if (after == null || before == null) {
            return; // a new book has no hooks yet; a deleted one has none left to tell
        }
        Set<String> had = before.members().stream().map(Member::userId).collect(Collectors.toSet());
        for (Member member : after.members()) {
            if (!had.contains(member.userId())) {
                dispatcher.publish(WebhookEvent.of(WebhookEvent.MEMBER_JOINED, after.id(), object()
                        .put("userId", member.userId()).put("displayName", member.displayName())
                        .put("role", member.role().wireName())));
            }
        }
        Set<String> labelled = before.labels().stream().map(BookLabel::name).collect(Collectors.toSet());
        for (BookLabel label : after.labels()) {
            if (!labelled.contains(label.name())) {
                ObjectNode data = object().put("name", label.name()).put("createdBy", label.createdBy());
                label.chapters().forEach(c -> data.withArray("chapters").addObject()
                        .put("id", c.id()).put("title", c.title()).put("version", c.version()));
                dispatcher.publish(WebhookEvent.of(WebhookEvent.VERSION_LABELLED, after.id(), data));
            }
        }
    }

    private static ObjectNode chapterData(StoredOp op) {
        return object().put("chapterId", op.key().id()).put("version", op.version()).put("author", op.author());
    }

    private static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }
}
