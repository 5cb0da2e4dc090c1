package io.quire.server.auth;

/** Answers what an identity may do with a book; the books registry is the one implementation. */
@FunctionalInterface
public interface Access {
    /** The role of {@code who} in book {@code bookId}, or null if it has none (or the book does not exist). */
    Role roleOf(Identity who, String bookId);

    /** Everyone may do everything: for tests of the protocol alone. */
    Access EVERYONE_OWNS = (who, book) -> Role.OWNER;
}
