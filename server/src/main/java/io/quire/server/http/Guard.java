package io.quire.server.http;

import io.quire.server.auth.Access;
import io.quire.server.auth.Identity;
import io.quire.server.auth.Role;

/** Refuses a request whose caller lacks a role in the book: 404 for outsiders (a book's existence is private), 403 below the role. */
final class Guard {
    private Guard() {
    }

    private static String article(Role role) {
        return (role == Role.OWNER || role == Role.EDITOR ? "an " : "a ") + role.wireName();
    }

    static void need(Access access, Identity who, String book, Role needed, String action) {
        Role role = access.roleOf(who, book);
        if (role == null) {
            throw new ApiError(404, "NOT_FOUND", "no book \"" + book + "\" that you are a member of");
        }
        if (!role.atLeast(needed)) {
            throw new ApiError(403, "FORBIDDEN", "to " + action + " you need to be " + article(needed) + " of book \""
                    + book + "\"; you are " + article(role));
        }
    }
}
