package io.quire.server.books;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quire.server.auth.Role;
import io.quire.server.webhooks.Webhook;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * A {@link Book} as stored: UTF-8 JSON, field names spelled out so a person reading a backup can follow it.
 * <pre>
 * {"v":1, "id", "title", "createdBy", "createdAt",
 *  "chapters":[{"id","title","createdAt"}], "members":[{"userId","displayName","role","joinedAt"}],
 *  "invites":[{"token","role","createdBy","createdAt","expiresAt","maxUses","uses"}],
 *  "apiKeys":[{"id","name","role","secretHash","createdBy","createdAt"}],
 *  "webhooks":[{"id","url","secret","events":[...],"createdAt"}],
 *  "labels":[{"name","chapters":[{"id","title","version"}],"createdBy","createdAt"}]}
 * </pre>
 * Roles are lower-case names; times are epoch milliseconds.
 */
final class BookCodec {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int FORMAT = 1;

    private BookCodec() {
    }

    static byte[] encode(Book book) {
        ObjectNode root = JSON.createObjectNode();
        root.put("v", FORMAT).put("id", book.id()).put("title", book.title())
                .put("createdBy", book.createdBy()).put("createdAt", book.createdAt());
        ArrayNode chapters = root.putArray("chapters");
        book.chapters().forEach(c -> chapters.addObject().put("id", c.id()).put("title", c.title()).put("createdAt", c.createdAt()));
        ArrayNode members = root.putArray("members");
        book.members().forEach(m -> members.addObject().put("userId", m.userId()).put("displayName", m.displayName())
                .put("role", m.role().wireName()).put("joinedAt", m.joinedAt()));
        ArrayNode invites = root.putArray("invites");
        book.invites().forEach(i -> invites.addObject().put("token", i.token()).put("role", i.role().wireName())
                .put("createdBy", i.createdBy()).put("createdAt", i.createdAt()).put("expiresAt", i.expiresAt())
                .put("maxUses", i.maxUses()).put("uses", i.uses()));
        ArrayNode keys = root.putArray("apiKeys");
        book.apiKeys().forEach(k -> keys.addObject().put("id", k.id()).put("name", k.name()).put("role", k.role().wireName())
                .put("secretHash", k.secretHash()).put("createdBy", k.createdBy()).put("createdAt", k.createdAt()));
        ArrayNode hooks = root.putArray("webhooks");
        book.webhooks().forEach(h -> {
            ObjectNode hook = hooks.addObject().put("id", h.id()).put("url", h.url()).put("secret", h.secret())
                    .put("createdAt", h.createdAt().toEpochMilli());
            ArrayNode events = hook.putArray("events");
            h.events().forEach(events::add);
        });
        ArrayNode labels = root.putArray("labels");
        book.labels().forEach(l -> {
            ObjectNode label = labels.addObject().put("name", l.name()).put("createdBy", l.createdBy()).put("createdAt", l.createdAt());
            ArrayNode labelled = label.putArray("chapters");
            l.chapters().forEach(c -> labelled.addObject().put("id", c.id()).put("title", c.title()).put("version", c.version()));
        });
        try {
            return JSON.writeValueAsBytes(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Book decode(byte[] bytes) {
        JsonNode root;
        try {
            root = JSON.readTree(bytes);
        } catch (IOException e) {
            throw new IllegalStateException("a stored book is not JSON: " + e.getMessage(), e);
        }
        if (root.path("v").asInt() != FORMAT) {
            throw new IllegalStateException("a stored book has format " + root.path("v") + " (expected: " + FORMAT + ")");
        }
        String id = root.path("id").asText();
        return new Book(id, root.path("title").asText(), root.path("createdBy").asText(), root.path("createdAt").asLong(),
                list(root, "chapters", c -> new Chapter(c.path("id").asText(), c.path("title").asText(), c.path("createdAt").asLong())),
                list(root, "members", m -> new Member(m.path("userId").asText(), m.path("displayName").asText(),
                        Role.parse(m.path("role").asText()), m.path("joinedAt").asLong())),
                list(root, "invites", i -> new Invite(i.path("token").asText(), Role.parse(i.path("role").asText()),
                        i.path("createdBy").asText(), i.path("createdAt").asLong(), i.path("expiresAt").asLong(),
                        i.path("maxUses").asInt(), i.path("uses").asInt())),
                list(root, "apiKeys", k -> new ApiKey(k.path("id").asText(), k.path("name").asText(),
                        Role.parse(k.path("role").asText()), k.path("secretHash").asText(), k.path("createdBy").asText(),
                        k.path("createdAt").asLong())),
                list(root, "webhooks", h -> {
                    Set<String> events = new LinkedHashSet<>();
                    h.path("events").forEach(e -> events.add(e.asText()));
                    return new Webhook(h.path("id").asText(), id, h.path("url").asText(), h.path("secret").asText(),
                            events, Instant.ofEpochMilli(h.path("createdAt").asLong()));
                }),
                list(root, "labels", l -> new BookLabel(l.path("name").asText(),
                        list(l, "chapters", c -> new BookLabel.LabelledChapter(c.path("id").asText(), c.path("title").asText(),
                                c.path("version").asLong())),
                        l.path("createdBy").asText(), l.path("createdAt").asLong())));
    }

    private static <T> List<T> list(JsonNode root, String field, Function<JsonNode, T> read) {
        List<T> out = new ArrayList<>();
        root.path(field).forEach(node -> out.add(read.apply(node)));
        return out;
    }
}
