package io.quire.server.webhooks;

import java.net.URI;
import java.net.URISyntaxException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * A book owner's subscription: the server POSTs the book's events to {@code url}, signed with {@code secret}
 * (see {@link WebhookSignature}).
 *
 * @param id        the hook's id ({@code wh_} and 24 hex digits when made by {@link #create})
 * @param bookId    the book whose events are sent
 * @param url       an absolute http or https URL (checked by {@link #validateUrl})
 * @param secret    the HMAC key ({@code whsec_} and 64 hex digits when made by {@link #create}): shown to the owner
 *                  once, at creation, and never again; {@link #toString()} leaves it out so it cannot leak into logs
 * @param events    the event types sent (see {@link WebhookEvent#TYPES}); empty means all of them
 * @param createdAt when the hook was registered
 */
public record Webhook(String id, String bookId, String url, String secret, Set<String> events, Instant createdAt) {
    /** Longer URLs are refused: they are almost certainly a mistake, and they end up in every log line. */
    public static final int MAX_URL_LENGTH = 2048;

    private static final String EXPECTED_URL = "an absolute http or https URL with a host, such as "
            + "https://example.com/quire-webhook";
    private static final SecureRandom RANDOM = new SecureRandom();

    public Webhook {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(bookId, "bookId");
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(createdAt, "createdAt");
        validateUrl(url);
        events = validateEvents(events);
        if (secret.isEmpty()) {
            throw new IllegalArgumentException("webhook secret is empty (expected: a random string, see newSecret())");
        }
    }

    /** A new hook with a fresh id and secret, created now. */
    public static Webhook create(String bookId, String url, Set<String> events) {
        return new Webhook("wh_" + randomHex(12), bookId, url, newSecret(), events, Instant.now());
    }

    /** 256 random bits from a {@link SecureRandom}, as {@code whsec_} and 64 hex digits. */
    public static String newSecret() {
        return "whsec_" + randomHex(32);
    }

    /** True when events of this type are sent to the hook. */
    public boolean accepts(String type) {
        return events.isEmpty() || events.contains(type);
    }

    /**
     * Checks a URL an owner submitted.
     *
     * @return the URL, parsed
     * @throws IllegalArgumentException saying what is wrong and what was expected
     */
    public static URI validateUrl(String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("webhook url is missing (expected: " + EXPECTED_URL + ")");
        }
        if (url.length() > MAX_URL_LENGTH) {
            throw new IllegalArgumentException("webhook url is " + url.length() + " characters long (expected: at most "
                    + MAX_URL_LENGTH + ")");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("webhook url '" + url + "' is not a valid URL: " + e.getReason()
                    + " (expected: " + EXPECTED_URL + ")");
        }
        if (!uri.isAbsolute()) {
            throw new IllegalArgumentException("webhook url '" + url + "' is relative (expected: " + EXPECTED_URL + ")");
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("webhook url scheme '" + uri.getScheme() + "' is not supported (expected: "
                    + EXPECTED_URL + ")");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new IllegalArgumentException("webhook url '" + url + "' has no host (expected: " + EXPECTED_URL + ")");
        }
        if (uri.getRawFragment() != null) {
            // A fragment is never sent over HTTP: the owner probably pasted the wrong URL.
            throw new IllegalArgumentException("webhook url '" + url + "' has a #fragment, which is never sent (expected: "
                    + EXPECTED_URL + ")");
        }
        return uri;
    }

    /**
     * Checks the event types an owner subscribed to: a misspelt type would silently never fire.
     *
     * @return an immutable copy
     * @throws IllegalArgumentException naming the unknown type and the known ones
     */
    public static Set<String> validateEvents(Set<String> events) {
        Objects.requireNonNull(events, "events (use an empty set for all events)");
        for (String type : events) {
            if (type == null || !WebhookEvent.TYPES.contains(type)) {
                throw new IllegalArgumentException("unknown webhook event type '" + type + "' (expected one of: "
                        + String.join(", ", new TreeSet<>(WebhookEvent.TYPES)) + ")");
            }
        }
        return Set.copyOf(events);
    }

    static String randomHex(int bytes) {
        byte[] random = new byte[bytes];
        RANDOM.nextBytes(random);
        return HexFormat.of().formatHex(random);
    }

    /** Everything but the secret. */
    @Override
    public String toString() {
        return "Webhook[id=" + id + ", bookId=" + bookId + ", url=" + url + ", events=" + new TreeSet<>(events)
                + ", createdAt=" + createdAt + "]";
    }
}
