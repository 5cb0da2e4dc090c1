package io.quire.server.webhooks;

import java.time.Instant;

/**
 * One attempt to deliver an event to a hook (or an event dropped before any attempt), kept so an owner can see why
 * a receiver is not getting events.
 *
 * @param eventId        the event's id (the {@code X-Quire-Delivery} header)
 * @param type           the event's type
 * @param attempt        1 for the first attempt, 2 for the first retry, ...; 0 for a dropped event
 * @param status         the HTTP status the receiver answered, or 0 when there was no answer
 * @param error          why there was no answer (timeout, connection refused, ...), or null
 * @param durationMillis how long the attempt took
 * @param at             when the attempt started
 * @param outcome        what followed
 */
public record Delivery(String eventId, String type, int attempt, int status, String error, long durationMillis,
                       Instant at, Outcome outcome) {

    public enum Outcome {
        /** The receiver answered 2xx. */
        DELIVERED,
        /** The attempt failed and another one is scheduled. */
        WILL_RETRY,
        /** The attempt failed and it was the last one allowed: the event is not sent again. */
        GAVE_UP,
        /** The hook's queue was full: the event, the oldest waiting, was dropped without an attempt. */
        DROPPED
    }
}
