package io.quire.server.webhooks;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Something that happened to a book, as a webhook receiver sees it. The request body is this JSON object (UTF-8):
 * <pre>{@code
 * {"id":"evt_5f0c…","type":"chapter.changed","bookId":"b1","occurredAt":"2026-11-03T10:15:30.123Z",
 *  "data":{"chapterId":"c7","fromVersion":41,"toVersion":57,"authors":["alice","bob"],"ops":17}}
 * }</pre>
 * {@code id} is the same on every attempt to deliver the event (it is also the {@code X-Quire-Delivery} header), so
 * a receiver that saw it before can acknowledge and ignore a retry. {@code occurredAt} is ISO-8601 in UTC.
 *
 * <p>The {@code data} of each type:
 * <ul>
 *   <li>{@code chapter.changed}: {@code chapterId}, {@code fromVersion} and {@code toVersion} (the versions of the
 *       first and last op in the event, inclusive: the chapter is at {@code toVersion + 1} afterwards),
 *       {@code authors} (distinct, in order of first change, at most {@value ChapterChanges#MAX_AUTHORS}) and
 *       {@code ops} (how many ops); see {@link WebhookDispatcher#chapterChanged} for how ops are grouped;</li>
 *   <li>the other types carry what their publisher puts in: by convention {@code chapterId} for chapter events,
 *       {@code userId} and {@code role} for {@code member.joined}, {@code chapterId}, {@code version} and
 *       {@code label} for {@code version.labelled}.</li>
 * </ul>
 *
 * @param id         unique per event, independent of delivery attempts
 * @param type       one of {@link #TYPES}
 * @param bookId     the book it happened to
 * @param occurredAt when it happened (for {@code chapter.changed}: when its group of ops was closed)
 * @param data       type-specific fields; copied on construction, and not to be changed afterwards
 */
public record WebhookEvent(String id, String type, String bookId, Instant occurredAt, ObjectNode data) {
    public static final String CHAPTER_CHANGED = "chapter.changed";
    public static final String CHAPTER_CREATED = "chapter.created";
    public static final String CHAPTER_DELETED = "chapter.deleted";
    public static final String MEMBER_JOINED = "member.joined";
    public static final String VERSION_LABELLED = "version.labelled";

    /** Every event type a hook can subscribe to. */
    public static final Set<String> TYPES = Set.of(CHAPTER_CHANGED, CHAPTER_CREATED, CHAPTER_DELETED, MEMBER_JOINED,
            VERSION_LABELLED);

    static final ObjectMapper JSON = new ObjectMapper();

    public WebhookEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(bookId, "bookId");
        Objects.requireNonNull(occurredAt, "occurredAt");
        if (type == null || !TYPES.contains(type)) {
            throw new IllegalArgumentException("unknown webhook event type '" + type + "' (expected one of: "
                    + String.join(", ", new TreeSet<>(TYPES)) + ")");
        }
        data = data == null ? JsonNodeFactory.instance.objectNode() : data.deepCopy();
    }

    /** A new event with a fresh id, happening now. */
    public static WebhookEvent of(String type, String bookId, ObjectNode data) {
        return new WebhookEvent(newId(), type, bookId, Instant.now(), data);
    }

    /** {@code evt_} and 32 random hex digits. */
    public static String newId() {
        return "evt_" + Webhook.randomHex(16);
    }

    /** The request body, as described in the class comment. */
    public ObjectNode toJson() {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("id", id);
        json.put("type", type);
        json.put("bookId", bookId);
        json.put("occurredAt", occurredAt.toString());
        json.set("data", data);
        return json;
    }

    /** {@link #toJson()} as UTF-8 bytes: exactly what is signed and sent. */
    public byte[] toBytes() {
        try {
            return JSON.writeValueAsBytes(toJson());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree could not be written", e);
        }
    }
}
