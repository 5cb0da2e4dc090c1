package io.quire.server.auth;

/**
 * A caller who could not be identified: no credentials where they are required, or credentials that are
 * malformed, forged, expired or revoked. HTTP answers 401; a WebSocket closes with code 4401 and this message.
 */
public final class AuthException extends RuntimeException {
    public AuthException(String message) {
        super(message);
    }
}
