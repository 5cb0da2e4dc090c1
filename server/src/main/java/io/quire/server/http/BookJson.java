package io.quire.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quire.server.auth.Identity;
import io.quire.server.auth.Role;
import io.quire.server.books.ApiKey;
import io.quire.server.books.Book;
import io.quire.server.books.BookLabel;
import io.quire.server.books.BookService;
import io.quire.server.books.BookVersions;
import io.quire.server.books.Chapter;
import io.quire.server.books.Invite;
import io.quire.server.books.Member;
import io.quire.server.webhooks.Delivery;
import io.quire.server.webhooks.Webhook;

import java.time.Instant;
import java.util.List;

/**
 * The JSON of the books API. Times are ISO-8601 instants; roles lower-case names. Secrets appear only in the
 * answer that creates them (an API key's text, a webhook's signing secret) and never again.
 */
final class BookJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private BookJson() {
    }

    static ObjectNode summary(Book book, Role myRole) {
        ObjectNode out = JSON.createObjectNode()
                .put("id", book.id())
                .put("title", book.title())
                .put("createdBy", book.createdBy())
                .put("createdAt", time(book.createdAt()))
                .put("myRole", myRole.wireName())
                .put("chapterCount", book.chapters().size());
        return out;
    }

    static ObjectNode books(List<Book> books, java.util.function.Function<Book, Role> roleOf) {
        ObjectNode out = JSON.createObjectNode();
        ArrayNode list = out.putArray("books");
        books.forEach(book -> list.add(summary(book, roleOf.apply(book))));
        return out;
    }

    /** A book as its members see it: chapters and members (owners also see invites, keys and hooks elsewhere). */
    static ObjectNode book(Book book, Role myRole) {
        ObjectNode out = summary(book, myRole);
        out.set("chapters", chapters(book.chapters()));
        ArrayNode members = out.putArray("members");
        book.members().forEach(m -> members.add(member(m)));
        return out;
    }

    static ArrayNode chapters(List<Chapter> chapters) {
        ArrayNode list = JSON.createArrayNode();
        chapters.forEach(c -> list.add(chapter(c)));
        return list;
    }

    static ObjectNode chapter(Chapter chapter) {
        return JSON.createObjectNode().put("id", chapter.id()).put("title", chapter.title())
                .put("createdAt", time(chapter.createdAt()));
    }

    static ObjectNode member(Member member) {
        return JSON.createObjectNode().put("userId", member.userId()).put("displayName", member.displayName())
                .put("role", member.role().wireName()).put("joinedAt", time(member.joinedAt()));
    }

    static ObjectNode members(List<Member> members) {
        ObjectNode out = JSON.createObjectNode();
        ArrayNode list = out.putArray("members");
        members.forEach(m -> list.add(member(m)));
        return out;
    }

    static ObjectNode invite(Invite invite, String origin) {
        ObjectNode out = JSON.createObjectNode()
                .put("token", invite.token())
                .put("url", origin + "/invite/" + invite.token())
                .put("role", invite.role().wireName())
                .put("createdBy", invite.createdBy())
                .put("createdAt", time(invite.createdAt()))
                .put("maxUses", invite.maxUses())
                .put("uses", invite.uses());
        if (invite.expiresAt() == Long.MAX_VALUE) {
            out.putNull("expiresAt");
        } else {
            out.put("expiresAt", time(invite.expiresAt()));
        }
        return out;
    }

    static ObjectNode invites(List<Invite> invites, String origin) {
        ObjectNode out = JSON.createObjectNode();
        ArrayNode list = out.putArray("invites");
        invites.forEach(i -> list.add(invite(i, origin)));
        return out;
    }

    static ObjectNode apiKey(ApiKey key) {
        return JSON.createObjectNode().put("id", key.id()).put("name", key.name()).put("role", key.role().wireName())
                .put("createdBy", key.createdBy()).put("createdAt", time(key.createdAt()));
    }

    static ObjectNode createdKey(BookService.CreatedKey created) {
        return apiKey(created.key()).put("key", created.text());
    }

    static ObjectNode apiKeys(List<ApiKey> keys) {
        ObjectNode out = JSON.createObjectNode();
        ArrayNode list = out.putArray("apiKeys");
        keys.forEach(k -> list.add(apiKey(k)));
        return out;
    }

    static ObjectNode webhook(Webhook hook) {
        ObjectNode out = JSON.createObjectNode().put("id", hook.id()).put("url", hook.url())
                .put("createdAt", hook.createdAt().toString());
        ArrayNode events = out.putArray("events");
        hook.events().stream().sorted().forEach(events::add);
        return out;
    }

    static ObjectNode createdWebhook(Webhook hook) {
        return webhook(hook).put("secret", hook.secret());
    }

    static ObjectNode webhooks(List<Webhook> hooks) {
        ObjectNode out = JSON.createObjectNode();
        ArrayNode list = out.putArray("webhooks");
        hooks.forEach(h -> list.add(webhook(h)));
        return out;
    }

    static ObjectNode deliveries(List<Delivery> deliveries) {
        ObjectNode out = JSON.createObjectNode();
        ArrayNode list = out.putArray("deliveries");
        for (Delivery d : deliveries) {
            ObjectNode node = list.addObject().put("eventId", d.eventId()).put("type", d.type()).put("attempt", d.attempt())
                    .put("durationMillis", d.durationMillis()).put("at", d.at().toString())
                    .put("outcome", d.outcome().name().toLowerCase(java.util.Locale.ROOT));
            if (d.status() > 0) {
                node.put("status", d.status());
            } else {
                node.putNull("status");
            }
            node.put("error", d.error());
        }
        return out;
    }

    static ObjectNode label(BookLabel label) {
        ObjectNode out = JSON.createObjectNode().put("name", label.name()).put("createdBy", label.createdBy())
                .put("createdAt", time(label.createdAt()));
        ArrayNode chapters = out.putArray("chapters");
        label.chapters().forEach(c -> chapters.addObject().put("id", c.id()).put("title", c.title()).put("version", c.version()));
        return out;
    }

    static ObjectNode labels(List<BookLabel> labels) {
        ObjectNode out = JSON.createObjectNode();
        ArrayNode list = out.putArray("versions");
        labels.forEach(l -> list.add(label(l)));
        return out;
    }

    /** A labelled version with each chapter's text then. */
    static ObjectNode bookThen(BookLabel label, List<BookVersions.ChapterThen> chapters) {
        ObjectNode out = label(label);
        ArrayNode list = out.putArray("chapters");
        for (BookVersions.ChapterThen chapter : chapters) {
            ObjectNode node = list.addObject().put("id", chapter.id()).put("title", chapter.title())
                    .put("version", chapter.version()).put("exists", chapter.snapshot().exists());
            node.set("content", chapter.snapshot().exists() ? HistoryJson.delta(chapter.snapshot().content()) : null);
        }
        return out;
    }

    static ObjectNode restored(BookVersions.Restored restored) {
        ObjectNode out = JSON.createObjectNode();
        restored.restored().forEach(out.putArray("restored")::add);
        restored.recreated().forEach(out.putArray("recreated")::add);
        restored.kept().forEach(out.putArray("kept")::add);
        if (!out.has("restored")) {
            out.putArray("restored");
        }
        if (!out.has("recreated")) {
            out.putArray("recreated");
        }
        if (!out.has("kept")) {
            out.putArray("kept");
        }
        return out;
    }

    static ObjectNode me(Identity who, boolean secured) {
        ObjectNode out = JSON.createObjectNode().put("userId", who.userId()).put("displayName", who.displayName())
                .put("kind", who.kind().name().toLowerCase(java.util.Locale.ROOT)).put("mode", secured ? "secured" : "local");
        if (who.keyBook() != null) {
            out.put("book", who.keyBook()).put("role", who.keyRole().wireName());
        }
        return out;
    }

    static String time(long epochMillis) {
        return Instant.ofEpochMilli(epochMillis).toString();
    }
}
