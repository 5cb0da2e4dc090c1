package io.quire.ot;

/**
 * A delta that is malformed, or that does not fit the document it is applied to. The message says
 * what was found and what was expected, so it can go back to the client as it is.
 */
public final class InvalidDeltaException extends IllegalArgumentException {
    public InvalidDeltaException(String message) {
        super(message);
    }
}
