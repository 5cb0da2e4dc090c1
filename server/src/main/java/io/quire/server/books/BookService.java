package io.quire.server.books;

import io.quire.ot.Delta;
import io.quire.server.auth.ApiKeySecret;
import io.quire.server.auth.Identity;
import io.quire.server.auth.Role;
import io.quire.server.storage.Snapshot;
import io.quire.server.webhooks.Webhook;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What people and applications do with books, each action checked against the caller's role first. Changes to
 * chapters' text go through {@link ChapterDocs} (ops through the sequencer); everything else is one stored change
 * of the book's record in the {@link BookRegistry}. Blocking: call from a worker thread.
 */
public final class BookService {
    private static final Logger log = LoggerFactory.getLogger(BookService.class);
    static final int MAX_TITLE = 200;
    static final int MAX_ID = 100;
    static final int MAX_WEBHOOKS = 20;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] ID_ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789".toCharArray();

    private final BookRegistry books;
    private final ChapterDocs chapters;
    private final Clock clock;
    private final WebhookTargets webhookTargets;

    public BookService(BookRegistry books, ChapterDocs chapters, Clock clock) {
        this(books, chapters, clock, WebhookTargets.publicOnly());
    }

    public BookService(BookRegistry books, ChapterDocs chapters, Clock clock, WebhookTargets webhookTargets) {
        this.books = books;
        this.chapters = chapters;
        this.clock = clock;
        this.webhookTargets = webhookTargets;
    }

    public BookRegistry registry() {
        return books;
    }

    public ChapterDocs chapterDocs() {
        return chapters;
    }

    // ---- access ----

    /** The caller's role in the book; NOT_FOUND if the book is missing or the caller is not in it. */
    public Role roleIn(Identity who, String bookId) {
        Role role = books.roleOf(who, bookId);
        if (role == null || books.book(bookId).isEmpty()) {
            throw BookException.notFound("no book \"" + bookId + "\" that you are a member of");
        }
        return role;
    }

    /** The book, if the caller has at least {@code needed} in it; says which role was needed otherwise. */
    public Book require(Identity who, String bookId, Role needed, String action) {
        Role role = roleIn(who, bookId);
        if (!role.atLeast(needed)) {
            throw BookException.forbidden("to " + action + " you need to be " + article(needed) + " of book \"" + bookId
                    + "\"; you are " + article(role));
        }
        return books.book(bookId).orElseThrow(() -> BookException.notFound("no book \"" + bookId + "\""));
    }

    // ---- books ----

    /** A new book with the caller as its owner; {@code bookId} null lets the server choose the id. */
    public Book createBook(Identity who, String bookId, String title) {
        if (who.kind() == Identity.Kind.API_KEY) {
            throw BookException.forbidden("an API key belongs to one book and cannot create books");
        }
        String id = bookId == null ? newId(10) : checkedId(bookId, "book id");
        Member owner = new Member(who.userId(), who.displayName(), Role.OWNER, now());
        Book created = books.create(Book.create(id, title(title), owner, now()));
        logged("book created", who, id, null, null);
        return created;
    }

    /** The books the caller can open, newest first. Local mode's admin sees them all. */
    public List<Book> booksOf(Identity who) {
        return books.all().stream()
                .filter(book -> books.roleOf(who, book.id()) != null)
                .sorted(Comparator.comparingLong(Book::createdAt).reversed().thenComparing(Book::id))
                .toList();
    }

    public Book renameBook(Identity who, String bookId, String title) {
        require(who, bookId, Role.OWNER, "rename the book");
        String newTitle = title(title);
        return books.update(bookId, book -> book.withTitle(newTitle));
    }

    /** Deletes every chapter (ops, so open editors see it) and then the book. */
    public void deleteBook(Identity who, String bookId) {
        Book book = require(who, bookId, Role.OWNER, "delete the book");
        for (Chapter chapter : book.chapters()) {
            chapters.delete(bookId, chapter.id(), who.userId());
        }
        books.delete(bookId);
        logged("book deleted", who, bookId, "chapters", book.chapters().size());
    }

    // ---- chapters ----

    /**
     * Adds a chapter at {@code position} (null: at the end) whose text is {@code content} (null: empty). The chapter
     * is listed first and its document created next, so a commit listener never sees an unlisted new document; if
     * the document cannot be created, the listing is taken back.
     */
    public Chapter addChapter(Identity who, String bookId, String chapterId, String title, Delta content, Integer position) {
        require(who, bookId, Role.EDITOR, "add chapters");
        String id = chapterId == null ? newId(8) : checkedId(chapterId, "chapter id");
        Chapter chapter = new Chapter(id, title(title), now());
        if (chapters.head(bookId, id).exists()) {
            throw BookException.conflict("book \"" + bookId + "\" already has a chapter \"" + id + "\"");
        }
        books.update(bookId, b -> {
            if (b.chapter(id).isPresent()) {
                throw BookException.conflict("book \"" + bookId + "\" already has a chapter \"" + id + "\"");
            }
            return b.withChapters(insertAt(b.chapters(), chapter, position));
        });
        try {
            chapters.create(bookId, id, content == null ? Delta.ofText("\n") : content, who.userId());
        } catch (RuntimeException e) {
            books.update(bookId, b -> b.withChapters(Book.minus(b.chapters(), c -> c.id().equals(id))));
            throw e;
        }
        logged("chapter added", who, bookId, "chapter", id);
        return chapter;
    }

    public Chapter renameChapter(Identity who, String bookId, String chapterId, String title) {
        require(who, bookId, Role.EDITOR, "rename chapters");
        String newTitle = title(title);
        Book after = books.update(bookId, book -> {
            chapterOf(book, chapterId);
            return book.withChapters(Book.replace(book.chapters(), c -> c.id().equals(chapterId), c -> c.withTitle(newTitle)));
        });
        return chapterOf(after, chapterId);
    }

    /** Moves one chapter to {@code position} (0-based; past the end means last). */
    public Book moveChapter(Identity who, String bookId, String chapterId, int position) {
        require(who, bookId, Role.EDITOR, "reorder chapters");
        if (position < 0) {
            throw BookException.badRequest("position must be >= 0, got " + position);
        }
        return books.update(bookId, book -> {
            Chapter chapter = chapterOf(book, chapterId);
            List<Chapter> rest = Book.minus(book.chapters(), c -> c.id().equals(chapterId));
            return book.withChapters(insertAt(rest, chapter, position));
        });
    }

    /** Puts the chapters in the order given, which must name each chapter exactly once. */
    public Book reorderChapters(Identity who, String bookId, List<String> order) {
        require(who, bookId, Role.EDITOR, "reorder chapters");
        return books.update(bookId, book -> {
            Set<String> given = new HashSet<>(order);
            Set<String> present = new HashSet<>(book.chapters().stream().map(Chapter::id).toList());
            if (given.size() != order.size() || !given.equals(present)) {
                throw BookException.badRequest("order must list each of the book's " + present.size()
                        + " chapter ids exactly once; got " + order);
            }
            return book.withChapters(order.stream().map(id -> chapterOf(book, id)).toList());
        });
    }

    public void deleteChapter(Identity who, String bookId, String chapterId) {
        Book book = require(who, bookId, Role.OWNER, "delete chapters");
        chapterOf(book, chapterId);
        chapters.delete(bookId, chapterId, who.userId());
        books.update(bookId, b -> b.withChapters(Book.minus(b.chapters(), c -> c.id().equals(chapterId))));
        logged("chapter deleted", who, bookId, "chapter", chapterId);
    }

    /**
     * Records a chapter a sharedb client created or deleted directly, so the chapter list follows the documents.
     * Local mode's admin may create into a collection that is no book yet: the book is made, with it as owner.
     */
    public void documentCreated(String bookId, String chapterId, String author, long at) {
        if (books.book(bookId).isEmpty()) {
            if (!Identity.LOCAL_ADMIN_ID.equals(author)) {
                return; // only possible for the local admin; anyone else needed a role in an existing book
            }
            try {
                books.create(Book.create(bookId, bookId, new Member(author, "Local admin", Role.OWNER, at), at));
            } catch (BookException alreadyMade) {
                // made meanwhile by another chapter's creation: fine
            }
        }
        books.update(bookId, book -> book.chapter(chapterId).isPresent() ? book
                : book.withChapters(Book.plus(book.chapters(), new Chapter(chapterId, chapterId, at))));
    }

    public void documentDeleted(String bookId, String chapterId) {
        if (books.book(bookId).isPresent()) {
            books.update(bookId, book -> book.chapter(chapterId).isEmpty() ? book
                    : book.withChapters(Book.minus(book.chapters(), c -> c.id().equals(chapterId))));
        }
    }

    // ---- members and invites ----

    public Member addMember(Identity who, String bookId, String userId, String displayName, Role role) {
        require(who, bookId, Role.OWNER, "add members");
        String user = checkedUser(userId);
        Member member = new Member(user, displayName == null || displayName.isBlank() ? user : displayName.trim(), role, now());
        books.update(bookId, book -> {
            if (book.member(user).isPresent()) {
                throw BookException.conflict("\"" + user + "\" is already a member of book \"" + bookId + "\"");
            }
            return book.withMembers(Book.plus(book.members(), member));
        });
        logged("member added", who, bookId, "member", user + " as " + role.wireName());
        return member;
    }

    public Member changeRole(Identity who, String bookId, String userId, Role role) {
        require(who, bookId, Role.OWNER, "change roles");
        Book after = books.update(bookId, book -> {
            Member member = memberOf(book, userId);
            if (member.role() == Role.OWNER && role != Role.OWNER && book.owners() == 1) {
                throw BookException.conflict("\"" + userId + "\" is the book's only owner; make someone else owner first");
            }
            return book.withMembers(Book.replace(book.members(), m -> m.userId().equals(userId), m -> m.withRole(role)));
        });
        logged("member role changed", who, bookId, "member", userId + " to " + role.wireName());
        return memberOf(after, userId);
    }

    /** Removes a member; owners remove anyone, and every member may leave. */
    public void removeMember(Identity who, String bookId, String userId) {
        if (!who.userId().equals(userId)) {
            require(who, bookId, Role.OWNER, "remove members");
        } else {
            roleIn(who, bookId);
        }
        books.update(bookId, book -> {
            Member member = memberOf(book, userId);
            if (member.role() == Role.OWNER && book.owners() == 1) {
                throw BookException.conflict("\"" + userId + "\" is the book's only owner; make someone else owner first");
            }
            return book.withMembers(Book.minus(book.members(), m -> m.userId().equals(userId)));
        });
        logged("member removed", who, bookId, "member", userId);
    }

    /**
     * A new invite link's token.
     *
     * @param lifetimeMillis how long it works; 0 or less: until revoked
     * @param maxUses        how many may accept it; 0: no limit
     */
    public Invite createInvite(Identity who, String bookId, Role role, long lifetimeMillis, int maxUses) {
        require(who, bookId, Role.OWNER, "invite people");
        if (maxUses < 0) {
            throw BookException.badRequest("maxUses must be >= 0 (0 = no limit), got " + maxUses);
        }
        long now = now();
        Invite invite = new Invite(newSecret(), role, who.userId(), now,
                lifetimeMillis > 0 ? now + lifetimeMillis : Long.MAX_VALUE, maxUses, 0);
        books.update(bookId, book -> book.withInvites(Book.plus(book.invites(), invite)));
        return invite;
    }

    public void revokeInvite(Identity who, String bookId, String token) {
        require(who, bookId, Role.OWNER, "revoke invites");
        books.update(bookId, book -> {
            if (book.invites().stream().noneMatch(i -> i.token().equals(token))) {
                throw BookException.notFound("no invite \"" + token + "\" in book \"" + bookId + "\"");
            }
            return book.withInvites(Book.minus(book.invites(), i -> i.token().equals(token)));
        });
    }

    /** What an invite link offers, for the page that asks whether to accept it. */
    public record InvitePreview(String bookId, String bookTitle, Role role, boolean usable) {
    }

    /** Anyone holding the link may see what it offers: the link is the secret. */
    public InvitePreview previewInvite(String token) {
        Book book = books.bookOfInvite(token).orElseThrow(() -> BookException.notFound("no such invite (revoked, or a mistyped link)"));
        Invite invite = book.invites().stream().filter(i -> i.token().equals(token)).findFirst()
                .orElseThrow(() -> BookException.notFound("no such invite (revoked, or a mistyped link)"));
        return new InvitePreview(book.id(), book.title(), invite.role(), invite.usable(now()));
    }

    /** Joins the caller to the invite's book; a member already holding a higher role keeps it. */
    public Book acceptInvite(Identity who, String token) {
        if (who.kind() != Identity.Kind.USER && who.kind() != Identity.Kind.LOCAL_ADMIN) {
            throw BookException.forbidden("invites are for people signed in with a token, not API keys");
        }
        Book book = books.bookOfInvite(token).orElseThrow(() -> BookException.notFound("no such invite (revoked, or a mistyped link)"));
        long now = now();
        Book joined = books.update(book.id(), b -> {
            Invite invite = b.invites().stream().filter(i -> i.token().equals(token)).findFirst()
                    .orElseThrow(() -> BookException.notFound("no such invite (revoked, or a mistyped link)"));
            if (!invite.usable(now)) {
                throw new BookException(BookException.Kind.CONFLICT, "this invite has expired or been used up");
            }
            Book used = b.withInvites(Book.replace(b.invites(), i -> i.token().equals(token), Invite::used));
            return b.member(who.userId())
                    .map(existing -> existing.role().atLeast(invite.role()) ? used
                            : used.withMembers(Book.replace(used.members(), m -> m.userId().equals(who.userId()), m -> m.withRole(invite.role()))))
                    .orElseGet(() -> used.withMembers(Book.plus(used.members(),
                            new Member(who.userId(), who.displayName(), invite.role(), now))));
        });
        logged("invite accepted", who, book.id(), "role", joined.member(who.userId()).map(m -> m.role().wireName()).orElse("?"));
        return joined;
    }

    // ---- API keys ----

    /** A new key and its full text, which is shown once and never stored. */
    public record CreatedKey(ApiKey key, String text) {
    }

    public CreatedKey createApiKey(Identity who, String bookId, String name, Role role) {
        require(who, bookId, Role.OWNER, "create API keys");
        if (who.kind() == Identity.Kind.API_KEY) {
            throw BookException.forbidden("an API key cannot create API keys");
        }
        ApiKeySecret secret = ApiKeySecret.generate();
        ApiKey key = new ApiKey(secret.id(), title(name), role, secret.secretHash(), who.userId(), now());
        books.update(bookId, book -> book.withApiKeys(Book.plus(book.apiKeys(), key)));
        logged("api key created", who, bookId, "key", key.id() + " as " + role.wireName());
        return new CreatedKey(key, secret.text());
    }

    public void revokeApiKey(Identity who, String bookId, String keyId) {
        require(who, bookId, Role.OWNER, "revoke API keys");
        books.update(bookId, book -> {
            if (book.apiKey(keyId).isEmpty()) {
                throw BookException.notFound("no API key \"" + keyId + "\" in book \"" + bookId + "\"");
            }
            return book.withApiKeys(Book.minus(book.apiKeys(), k -> k.id().equals(keyId)));
        });
        logged("api key revoked", who, bookId, "key", keyId);
    }

    // ---- webhooks ----

    /** A new webhook for the book; its secret (for checking signatures) is in the result, shown to the owner. */
    public Webhook addWebhook(Identity who, String bookId, String url, Set<String> events) {
        require(who, bookId, Role.OWNER, "add webhooks");
        Webhook hook;
        try {
            hook = Webhook.create(bookId, url == null ? null : url.trim(), events);
        } catch (IllegalArgumentException e) {
            throw BookException.badRequest(e.getMessage());
        }
        webhookTargets.check(hook.url());
        books.update(bookId, book -> {
            if (book.webhooks().size() >= MAX_WEBHOOKS) {
                throw BookException.conflict("a book has at most " + MAX_WEBHOOKS + " webhooks");
            }
            return book.withWebhooks(Book.plus(book.webhooks(), hook));
        });
        logged("webhook added", who, bookId, "webhook", hook.id());
        return hook;
    }

    public void deleteWebhook(Identity who, String bookId, String hookId) {
        require(who, bookId, Role.OWNER, "delete webhooks");
        books.update(bookId, book -> {
            if (book.webhooks().stream().noneMatch(h -> h.id().equals(hookId))) {
                throw BookException.notFound("no webhook \"" + hookId + "\" in book \"" + bookId + "\"");
            }
            return book.withWebhooks(Book.minus(book.webhooks(), h -> h.id().equals(hookId)));
        });
        logged("webhook deleted", who, bookId, "webhook", hookId);
    }

    // ---- helpers ----

    /**
     * One line per change to a book's structure or to who may do what in it: what an operator audits. The fields
     * are key/value pairs, so the JSON log format carries them as fields of their own.
     */
    private static void logged(String event, Identity who, String bookId, String key, Object value) {
        var line = log.atInfo().setMessage(event).addKeyValue("book", bookId).addKeyValue("by", who.userId());
        if (key != null) {
            line = line.addKeyValue(key, value);
        }
        line.log();
    }

    private long now() {
        return clock.millis();
    }

    static Chapter chapterOf(Book book, String chapterId) {
        return book.chapter(chapterId).orElseThrow(() ->
                BookException.notFound("book \"" + book.id() + "\" has no chapter \"" + chapterId + "\""));
    }

    private static Member memberOf(Book book, String userId) {
        return book.member(userId).orElseThrow(() ->
                BookException.notFound("\"" + userId + "\" is not a member of book \"" + book.id() + "\""));
    }

    private static List<Chapter> insertAt(List<Chapter> list, Chapter chapter, Integer position) {
        List<Chapter> out = new ArrayList<>(list);
        out.add(position == null ? out.size() : Math.max(0, Math.min(position, out.size())), chapter);
        return out;
    }

    static String title(String title) {
        if (title == null || title.isBlank()) {
            throw BookException.badRequest("a title must not be empty");
        }
        String trimmed = title.trim();
        if (trimmed.length() > MAX_TITLE) {
            throw BookException.badRequest("a title is at most " + MAX_TITLE + " characters, got " + trimmed.length());
        }
        if (trimmed.chars().anyMatch(c -> c < 0x20)) {
            throw BookException.badRequest("a title must not contain control characters");
        }
        return trimmed;
    }

    /** Ids travel in URLs and presence channel names ({@code book.chapter}): letters, digits, '-' and '_' only. */
    static String checkedId(String id, String what) {
        if (id == null || id.isEmpty() || id.length() > MAX_ID || !id.chars().allMatch(c ->
                (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '@')) {
            throw BookException.badRequest(what + " must be 1 to " + MAX_ID + " letters, digits, '-', '_' or '@'; got "
                    + (id == null ? "nothing" : "\"" + id + "\""));
        }
        return id;
    }

    /** User ids are the token subjects of the embedding application: any text, but not empty, huge or controlling. */
    static String checkedUser(String userId) {
        if (userId == null || userId.isBlank() || userId.length() > 200 || userId.chars().anyMatch(c -> c < 0x20)
                || userId.equals(Identity.LOCAL_ADMIN_ID) || userId.startsWith("key:")) {
            throw BookException.badRequest("userId must be 1 to 200 characters without control characters, not \"admin\" "
                    + "and not starting with \"key:\"; got " + (userId == null ? "nothing" : "\"" + userId + "\""));
        }
        return userId;
    }

    private static String newId(int length) {
        char[] out = new char[length];
        for (int i = 0; i < length; i++) {
            out[i] = ID_ALPHABET[RANDOM.nextInt(ID_ALPHABET.length)];
        }
        return new String(out);
    }

    private static String newSecret() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String article(Role role) {
        return (role == Role.OWNER || role == Role.EDITOR ? "an " : "a ") + role.wireName();
    }
}
