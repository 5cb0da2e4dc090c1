package io.quire.server.webhooks;

import java.time.Duration;
import java.util.Objects;

/**
 * How webhooks are grouped, retried and bounded.
 *
 * @param debounce          {@code chapter.changed} groups a chapter's ops over this long (see
 *                          {@link WebhookDispatcher#chapterChanged})
 * @param initialRetryDelay the wait after the first failed attempt
 * @param backoffFactor     each later wait is this many times the one before ({@code >= 1})
 * @param maxRetryDelay     no wait is longer than this
 * @param maxAttempts       attempts per event, the first included; then the event is given up with a log line
 * @param queueBound        events waiting per hook behind the one being delivered; when full, the oldest waiting
 *                          event is dropped with a warning
 * @param requestTimeout    an attempt with no complete response after this long fails (and is retried)
 */
public record WebhookSettings(Duration debounce, Duration initialRetryDelay, double backoffFactor,
                              Duration maxRetryDelay, int maxAttempts, int queueBound, Duration requestTimeout) {
    /**
     * Each wait is lengthened by a random 0–10%, so hooks that failed together (one receiver down) do not all retry
     * in the same millisecond. Only lengthened: the documented schedule is a lower bound.
     */
    public static final double JITTER = 0.10;

    public WebhookSettings {
        requirePositive(debounce, "debounce");
        requirePositive(initialRetryDelay, "initialRetryDelay");
        requirePositive(maxRetryDelay, "maxRetryDelay");
        requirePositive(requestTimeout, "requestTimeout");
        if (!(backoffFactor >= 1.0) || Double.isInfinite(backoffFactor)) {
            throw new IllegalArgumentException("backoffFactor is " + backoffFactor + " (expected: >= 1)");
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts is " + maxAttempts + " (expected: >= 1)");
        }
        if (queueBound < 1) {
            throw new IllegalArgumentException("queueBound is " + queueBound + " (expected: >= 1)");
        }
    }

    /**
     * For production: {@code chapter.changed} at most every 2 s per chapter; retries after 1, 2, 4, ... s up to
     * 5 min, 8 attempts in all (about 2 minutes of retrying plus the attempts' own time); 1,000 waiting events per
     * hook; 10 s per request.
     */
    public static WebhookSettings defaults() {
        return new WebhookSettings(Duration.ofSeconds(2), Duration.ofSeconds(1), 2.0, Duration.ofMinutes(5), 8, 1_000,
                Duration.ofSeconds(10));
    }

    /**
     * The wait before the next attempt, without jitter: {@code initialRetryDelay * backoffFactor^(attemptsMade - 1)},
     * at most {@code maxRetryDelay}.
     *
     * @param attemptsMade attempts so far, {@code >= 1}
     */
    public Duration retryDelay(int attemptsMade) {
        return Duration.ofMillis(retryDelayMillis(attemptsMade, 0));
    }

    /** {@link #retryDelay} lengthened by {@code random01 * JITTER}, still at most {@code maxRetryDelay}. */
    long retryDelayMillis(int attemptsMade, double random01) {
        double delay = initialRetryDelay.toMillis() * Math.pow(backoffFactor, Math.max(0, attemptsMade - 1));
        delay *= 1 + random01 * JITTER;
        return (long) Math.min(delay, maxRetryDelay.toMillis());
    }

    private static void requirePositive(Duration value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " is " + value + " (expected: > 0)");
        }
    }
}
