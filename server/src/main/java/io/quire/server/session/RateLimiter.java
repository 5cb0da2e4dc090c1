package io.quire.server.session;

/**
 * A token bucket per connection: {@code burst} messages at once, refilled at {@code perSecond}. A typist
 * sends a few messages a second; a client sending thousands is broken or hostile, and must not slow the
 * documents everyone else is editing.
 */
final class RateLimiter {
    private final double perNano;
    private final double burst;
    private double tokens;
    private long last = System.nanoTime();

    RateLimiter(int perSecond, int burst) {
        this.perNano = perSecond / 1e9;
        this.burst = burst;
        this.tokens = burst;
    }

    /** Takes one token; false when the bucket is empty. Called on the connection's event loop only. */
    boolean tryAcquire() {
        long now = System.nanoTime();
        tokens = Math.min(burst, tokens + (now - last) * perNano);
        last = now;
        if (tokens < 1) {
            return false;
        }
        tokens -= 1;
        return true;
    }
}
