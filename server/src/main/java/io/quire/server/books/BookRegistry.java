package io.quire.server.books;

import io.quire.server.auth.Access;
import io.quire.server.auth.ApiKeySecret;
import io.quire.server.auth.Authenticator;
import io.quire.server.auth.Identity;
import io.quire.server.auth.Role;
import io.quire.server.storage.RecordStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;

/**
 * Every book, in memory, backed by the {@link RecordStore}: the one place that answers "what may this identity do
 * with this book". Access checks run on every WebSocket message, so reads are lock-free map lookups; changes are
 * rare, run one at a time, and are written (synced) before anyone sees them.
 *
 * <p>{@link Listener}s hear every change after it is stored, in order, on the changing thread: sessions use it to
 * cut off a member at once when access is taken away, webhooks to announce new members.
 */
public final class BookRegistry implements Authenticator.ApiKeyLookup, Access {
    private static final Logger log = LoggerFactory.getLogger(BookRegistry.class);
    private static final String PREFIX = "book/";

    /** Hears each stored change: {@code before} is null for a new book, {@code after} null for a deleted one. */
    public interface Listener {
        void changed(Book before, Book after);
    }

    private final RecordStore records;
    private final Map<String, Book> books = new ConcurrentHashMap<>();
    private final Map<String, String> bookOfKey = new ConcurrentHashMap<>();
    private final Map<String, String> bookOfInvite = new ConcurrentHashMap<>();
    /** Each book's members' roles: a map, as a chapter with hundreds of authors asks on every keystroke. */
    private final Map<String, Map<String, Role>> roles = new ConcurrentHashMap<>();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final Object writes = new Object();

    public BookRegistry(RecordStore records) {
        this.records = records;
        records.scan(PREFIX).forEach((key, value) -> {
            Book book = BookCodec.decode(value);
            books.put(book.id(), book);
            index(null, book);
        });
        log.debug("{} books loaded", books.size());
    }

    public void addListener(Listener listener) {
        listeners.add(listener);
    }

    public Optional<Book> book(String id) {
        return Optional.ofNullable(books.get(id));
    }

    public Collection<Book> all() {
        return books.values();
    }

    /**
     * The role {@code who} has in book {@code bookId}, or null for none. Local mode's admin is an owner everywhere,
     * even of a book that has no record yet (a chapter created by a sharedb client makes one).
     */
    @Override
    public Role roleOf(Identity who, String bookId) {
        if (who == null) {
            return null;
        }
        if (who.superuser()) {
            return Role.OWNER;
        }
        Book book = books.get(bookId);
        if (book == null) {
            return null;
        }
        if (who.kind() == Identity.Kind.API_KEY) {
            String keyId = who.userId().substring("key:".length());
            return who.keyBook().equals(bookId) ? book.apiKey(keyId).map(ApiKey::role).orElse(null) : null;
        }
        Map<String, Role> members = roles.get(bookId);
        return members == null ? null : members.get(who.userId());
    }

    @Override
    public Optional<Identity> identify(ApiKeySecret presented) {
        String bookId = bookOfKey.get(presented.id());
        Book book = bookId == null ? null : books.get(bookId);
        if (book == null) {
            return Optional.empty();
        }
        return book.apiKey(presented.id())
                .filter(key -> presented.matches(key.secretHash()))
                .map(key -> Identity.apiKey(key.id(), key.name(), book.id(), key.role()));
    }

    public Optional<Book> bookOfInvite(String token) {
        String bookId = bookOfInvite.get(token);
        return bookId == null ? Optional.empty() : book(bookId);
    }

    /** Stores a new book; a conflict if the id is taken. */
    public Book create(Book book) {
        synchronized (writes) {
            if (books.containsKey(book.id())) {
                throw BookException.conflict("a book with id \"" + book.id() + "\" already exists");
            }
            store(null, book);
            return book;
        }
    }

    /** Applies {@code change} to the stored book and stores the result; {@code change} may throw to refuse. */
    public Book update(String id, UnaryOperator<Book> change) {
        synchronized (writes) {
            Book before = books.get(id);
            if (before == null) {
                throw BookException.notFound("no book \"" + id + "\"");
            }
            Book after = change.apply(before);
            if (after != before) {
                store(before, after);
            }
            return after;
        }
    }

    public void delete(String id) {
        synchronized (writes) {
            Book before = books.get(id);
            if (before == null) {
                throw BookException.notFound("no book \"" + id + "\"");
            }
            records.delete(PREFIX + id);
            books.remove(id);
            index(before, null);
            notify(before, null);
        }
    }

    private void store(Book before, Book after) {
        records.put(PREFIX + after.id(), BookCodec.encode(after)); // durable before anyone can see it
        books.put(after.id(), after);
        index(before, after);
        notify(before, after);
    }

    private void index(Book before, Book after) {
        if (before != null && after == null) {
            roles.remove(before.id());
        }
        if (before != null) {
            // Only what the change took away: a key or invite kept must never be missing, not even for a moment.
            before.apiKeys().stream().filter(k -> after == null || after.apiKey(k.id()).isEmpty())
                    .forEach(k -> bookOfKey.remove(k.id()));
            before.invites().stream().filter(i -> after == null || after.invites().stream().noneMatch(a -> a.token().equals(i.token())))
                    .forEach(i -> bookOfInvite.remove(i.token()));
        }
        if (after != null) {
            Map<String, Role> members = new java.util.HashMap<>();
            after.members().forEach(m -> members.put(m.userId(), m.role()));
            roles.put(after.id(), Map.copyOf(members));
            after.apiKeys().forEach(k -> bookOfKey.put(k.id(), after.id()));
            after.invites().forEach(i -> bookOfInvite.put(i.token(), after.id()));
        }
    }

    private void notify(Book before, Book after) {
        for (Listener listener : listeners) {
            try {
                listener.changed(before, after);
            } catch (RuntimeException e) {
                log.warn("a book listener failed", e);
            }
        }
    }
}
