package io.quire.server.session;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who listens on each presence channel ({@code collection + "." + docId} for a document). Server-wide, since
 * presence goes from one connection to the others.
 */
public final class PresenceChannels {
    private final ConcurrentHashMap<String, Set<Session>> listeners = new ConcurrentHashMap<>();

    void subscribe(String channel, Session session) {
        listeners.computeIfAbsent(channel, c -> ConcurrentHashMap.newKeySet()).add(session);
    }

    void unsubscribe(String channel, Session session) {
        listeners.computeIfPresent(channel, (c, set) -> {
            set.remove(session);
            return set.isEmpty() ? null : set;
        });
    }

    /** Sends {@code frame} to every listener of {@code channel} except {@code from}. */
    void relay(String channel, Session from, String frame) {
        Set<Session> set = listeners.get(channel);
        if (set == null) {
            return;
        }
        for (Session session : set) {
            if (session != from) {
                session.onPresence(frame);
            }
        }
    }
}
