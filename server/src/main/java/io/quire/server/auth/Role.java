package io.quire.server.auth;

import java.util.Locale;

/**
 * What a member may do with a book, each role including the ones before it:
 * <pre>
 *   viewer     reads chapters, history and exports; sees others' cursors
 *   commenter  also shows its own cursor (presence)
 *   editor     also edits text, adds, renames and reorders chapters, labels and restores versions
 *   owner      also deletes chapters and the book, manages members, invites, API keys and webhooks
 * </pre>
 * On the wire a role is its lower-case name.
 */
public enum Role {
    VIEWER, COMMENTER, EDITOR, OWNER;

    public boolean atLeast(Role other) {
        return compareTo(other) >= 0;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The role named {@code name} (any case), or an error that lists the valid names. */
    public static Role parse(String name) {
        if (name != null) {
            for (Role role : values()) {
                if (role.wireName().equalsIgnoreCase(name.trim())) {
                    return role;
                }
            }
        }
        throw new IllegalArgumentException("role must be one of viewer, commenter, editor, owner; got "
                + (name == null ? "nothing" : "\"" + name + "\""));
    }
}
