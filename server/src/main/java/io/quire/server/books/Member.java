package io.quire.server.books;

import io.quire.server.auth.Role;

import java.util.Objects;

/** A user's membership of a book. */
public record Member(String userId, String displayName, Role role, long joinedAt) {
    public Member {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(displayName, "displayName");
        Objects.requireNonNull(role, "role");
    }

    public Member withRole(Role newRole) {
        return new Member(userId, displayName, newRole, joinedAt);
    }
}
