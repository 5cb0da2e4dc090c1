package io.quire.server.history;

/** A history request that cannot be served, with who is at fault; the API maps {@link Kind} to a status. */
public final class HistoryException extends RuntimeException {
    public enum Kind {
        /** unknown chapter or label: 404 */
        NOT_FOUND,
        /** a malformed request: version beyond the head, negative, unknown parameter value: 400 */
        BAD_REQUEST,
        /** the request is well-formed but the chapter's state forbids it (label name taken, deleted chapter): 409 */
        CONFLICT,
        /** the version asked for was compacted away; the message names the nearest kept versions: 410 */
        COMPACTED,
        /** the chapter could not be read or written now: 503 */
        UNAVAILABLE
    }

    private final Kind kind;

    public HistoryException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
