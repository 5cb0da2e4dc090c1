package io.quire.server.books;

/** A books request refused, with what kind of refusal it is; the HTTP layer maps kinds to statuses. */
public final class BookException extends RuntimeException {
    public enum Kind { NOT_FOUND, FORBIDDEN, BAD_REQUEST, CONFLICT, UNAVAILABLE }

    private final Kind kind;

    public BookException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    static BookException notFound(String message) {
        return new BookException(Kind.NOT_FOUND, message);
    }

    static BookException forbidden(String message) {
        return new BookException(Kind.FORBIDDEN, message);
    }

    static BookException badRequest(String message) {
        return new BookException(Kind.BAD_REQUEST, message);
    }

    static BookException conflict(String message) {
        return new BookException(Kind.CONFLICT, message);
    }
}
