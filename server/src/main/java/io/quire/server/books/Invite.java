package io.quire.server.books;

import io.quire.server.auth.Role;

import java.util.Objects;

/**
 * A link that makes whoever opens it (signed in) a member with {@link #role()}.
 *
 * @param token     the secret part of the link, {@code /invite/<token>}
 * @param expiresAt epoch ms after which it no longer works; {@link Long#MAX_VALUE} for never
 * @param maxUses   how many people may accept it; 0 for no limit
 * @param uses      how many have
 */
public record Invite(String token, Role role, String createdBy, long createdAt, long expiresAt, int maxUses, int uses) {
    public Invite {
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(createdBy, "createdBy");
    }

    public boolean usable(long now) {
        return now < expiresAt && (maxUses == 0 || uses < maxUses);
    }

    public Invite used() {
        return new Invite(token, role, createdBy, createdAt, expiresAt, maxUses, uses + 1);
    }
}
