package io.quire.server.session;

/**
 * What one connection may send.
 *
 * @param maxMessageChars   the largest frame accepted; larger ones close the connection with ERR_MESSAGE_TOO_LARGE
 * @param messagesPerSecond sustained messages per second before ERR_RATE_LIMITED replies
 * @param messageBurst      messages accepted at once above the sustained rate
 */
public record SessionLimits(int maxMessageChars, int messagesPerSecond, int messageBurst) {
    public SessionLimits {
        if (maxMessageChars < 1 || messagesPerSecond < 1 || messageBurst < 1) {
            throw new IllegalArgumentException("session limits must be positive");
        }
    }
}
