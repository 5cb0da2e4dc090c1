package io.quire.server.session;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The open connections, so that a change of a book's members reaches them at once: when someone loses access,
 * every connection holding something of that book re-checks its role and lets go of what it may no longer see.
 */
public final class SessionDirectory {
    private final Set<Session> sessions = ConcurrentHashMap.newKeySet();

    public void add(Session session) {
        sessions.add(session);
    }

    public void remove(Session session) {
        sessions.remove(session);
    }

    public int size() {
        return sessions.size();
    }

    /** Every connection stops taking requests (shutdown); see {@link Session#stopReading}. */
    public void stopReading() {
        sessions.forEach(Session::stopReading);
    }

    /** Closes every connection with {@code code} and {@code reason}; returns how many there were. */
    public int closeAll(short code, String reason) {
        int n = 0;
        for (Session session : sessions) {
            session.close(code, reason);
            n++;
        }
        return n;
    }

    /** Members, keys or the book itself changed: each connection in it re-checks its access. */
    public void bookChanged(String book) {
        for (Session session : sessions) {
            if (session.touches(book)) {
                session.recheck(book);
            }
        }
    }
}
