package io.quire.server.books;

import io.quire.server.auth.Role;
import io.quire.server.webhooks.Webhook;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * A book as stored: one record holding everything about it but its chapters' text, so any change to it is one
 * atomic write. Immutable; the {@code with...} methods return a changed copy.
 *
 * @param chapters in reading order
 */
public record Book(String id, String title, String createdBy, long createdAt, List<Chapter> chapters,
                   List<Member> members, List<Invite> invites, List<ApiKey> apiKeys, List<Webhook> webhooks,
                   List<BookLabel> labels) {

    public Book {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(createdBy, "createdBy");
        chapters = List.copyOf(chapters);
        members = List.copyOf(members);
        invites = List.copyOf(invites);
        apiKeys = List.copyOf(apiKeys);
        webhooks = List.copyOf(webhooks);
        labels = List.copyOf(labels);
    }

    public static Book create(String id, String title, Member owner, long now) {
        return new Book(id, title, owner.userId(), now, List.of(), List.of(owner), List.of(), List.of(), List.of(), List.of());
    }

    public Optional<Chapter> chapter(String chapterId) {
        return chapters.stream().filter(c -> c.id().equals(chapterId)).findFirst();
    }

    public Optional<Member> member(String userId) {
        return members.stream().filter(m -> m.userId().equals(userId)).findFirst();
    }

    public Optional<ApiKey> apiKey(String keyId) {
        return apiKeys.stream().filter(k -> k.id().equals(keyId)).findFirst();
    }

    public Optional<BookLabel> label(String name) {
        return labels.stream().filter(l -> l.name().equals(name)).findFirst();
    }

    public long owners() {
        return members.stream().filter(m -> m.role() == Role.OWNER).count();
    }

    public Book withTitle(String newTitle) {
        return new Book(id, newTitle, createdBy, createdAt, chapters, members, invites, apiKeys, webhooks, labels);
    }

    public Book withChapters(List<Chapter> newChapters) {
        return new Book(id, title, createdBy, createdAt, newChapters, members, invites, apiKeys, webhooks, labels);
    }

    public Book withMembers(List<Member> newMembers) {
        return new Book(id, title, createdBy, createdAt, chapters, newMembers, invites, apiKeys, webhooks, labels);
    }

    public Book withInvites(List<Invite> newInvites) {
        return new Book(id, title, createdBy, createdAt, chapters, members, newInvites, apiKeys, webhooks, labels);
    }

    public Book withApiKeys(List<ApiKey> newKeys) {
        return new Book(id, title, createdBy, createdAt, chapters, members, invites, newKeys, webhooks, labels);
    }

    public Book withWebhooks(List<Webhook> newHooks) {
        return new Book(id, title, createdBy, createdAt, chapters, members, invites, apiKeys, newHooks, labels);
    }

    public Book withLabels(List<BookLabel> newLabels) {
        return new Book(id, title, createdBy, createdAt, chapters, members, invites, apiKeys, webhooks, newLabels);
    }

    /** {@code list} plus {@code item} at the end. */
    static <T> List<T> plus(List<T> list, T item) {
        List<T> out = new ArrayList<>(list);
        out.add(item);
        return out;
    }

    /** {@code list} without the items {@code drop} matches. */
    static <T> List<T> minus(List<T> list, Predicate<T> drop) {
        return list.stream().filter(drop.negate()).toList();
    }

    /** {@code list} with the items {@code match} picks replaced by {@code change} of them. */
    static <T> List<T> replace(List<T> list, Predicate<T> match, UnaryOperator<T> change) {
        return list.stream().map(item -> match.test(item) ? change.apply(item) : item).toList();
    }
}
