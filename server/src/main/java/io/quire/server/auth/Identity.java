package io.quire.server.auth;

import java.util.Objects;

/**
 * Who is behind a connection or an API call, as established by the {@link Authenticator}; never what a client
 * claims in a message. Ops are stamped with {@link #userId()}.
 *
 * @param userId      the token's subject, {@code key:<id>} for an API key, or {@code admin} in local mode
 * @param displayName a name for people to read
 * @param kind        how the caller proved who it is
 * @param keyBook     for an API key, the one book it may touch; null otherwise
 * @param keyRole     for an API key, its role in that book; null otherwise
 * @param expiresAt   when the token stops being valid, epoch ms; {@link Long#MAX_VALUE} if never
 * @param operator    may run the server's own operations (backups, compacting the whole server): local mode's admin,
 *                    or a person whose token says so
 */
public record Identity(String userId, String displayName, Kind kind, String keyBook, Role keyRole, long expiresAt,
                       boolean operator) {

    public enum Kind {
        /** A person with a signed token. */
        USER,
        /** An external application with an API key of one book. */
        API_KEY,
        /** Local mode's ready-made administrator: every book, every role. */
        LOCAL_ADMIN
    }

    public static final String LOCAL_ADMIN_ID = "admin";

    public Identity {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(displayName, "displayName");
        Objects.requireNonNull(kind, "kind");
        if ((kind == Kind.API_KEY) != (keyBook != null && keyRole != null)) {
            throw new IllegalArgumentException("an API key identity, and only one, has a book and a role");
        }
        if (operator && kind == Kind.API_KEY) {
            throw new IllegalArgumentException("an API key belongs to one book and cannot operate the server");
        }
    }

    public static Identity user(String userId, String displayName, long expiresAt) {
        return new Identity(userId, displayName, Kind.USER, null, null, expiresAt, false);
    }

    /**
     * A person whose token carries the operator claim. Being the server's operator is not a role in any book:
     * they see and edit only the books they are members of, like anyone else.
     */
    public static Identity operator(String userId, String displayName, long expiresAt) {
        return new Identity(userId, displayName, Kind.USER, null, null, expiresAt, true);
    }

    public static Identity localAdmin() {
        return new Identity(LOCAL_ADMIN_ID, "Local admin", Kind.LOCAL_ADMIN, null, null, Long.MAX_VALUE, true);
    }

    public static Identity apiKey(String keyId, String name, String book, Role role) {
        return new Identity("key:" + keyId, name, Kind.API_KEY, book, role, Long.MAX_VALUE, false);
    }

    /** Local mode's admin may do anything anywhere. */
    public boolean superuser() {
        return kind == Kind.LOCAL_ADMIN;
    }

    public boolean expired(long nowMillis) {
        return nowMillis >= expiresAt;
    }

    /** Whether it ever expires: local mode's admin and API keys do not, tokens may. */
    public boolean expires() {
        return expiresAt != Long.MAX_VALUE;
    }
}
