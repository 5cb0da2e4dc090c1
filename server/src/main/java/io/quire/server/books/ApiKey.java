package io.quire.server.books;

import io.quire.server.auth.Role;

import java.util.Objects;

/** An external application's key to one book: its role there, and the SHA-256 of its secret (never the secret). */
public record ApiKey(String id, String name, Role role, String secretHash, String createdBy, long createdAt) {
    public ApiKey {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(secretHash, "secretHash");
        Objects.requireNonNull(createdBy, "createdBy");
    }
}
