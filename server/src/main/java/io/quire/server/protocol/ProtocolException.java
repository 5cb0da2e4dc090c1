package io.quire.server.protocol;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A request the server will not carry out, with the {@link ErrorCode} the client gets and a message saying what
 * was expected ({@code expected v to be a non-negative integer, got "x"}).
 *
 * <p>When the request was parsed far enough to be a JSON object, {@link #request()} holds it, so the error
 * reply can echo it as ShareDB does ({@link MessageEncoder#errorReply(ProtocolException)}): the client routes
 * an error by the echoed {@code a}, {@code c}, {@code d}, {@code id} or {@code ch}.
 *
 * <p>Client errors are routine (a hostile or buggy client can send thousands), so they carry no stack trace;
 * server errors keep theirs.
 */
public final class ProtocolException extends RuntimeException {
    private final ErrorCode code;
    private final transient ObjectNode request;
    private final boolean fatal;

    public ProtocolException(ErrorCode code, String message) {
        this(code, message, null, code.isFatal(), null);
    }

    /** A server-side failure reported to the client with {@code code}; {@code cause} is kept for the log. */
    public ProtocolException(ErrorCode code, String message, Throwable cause) {
        this(code, message, null, code.isFatal(), cause);
    }

    private ProtocolException(ErrorCode code, String message, ObjectNode request, boolean fatal, Throwable cause) {
        super(message, cause, false, code.fault() == ErrorCode.Fault.SERVER_INTERNAL);
        this.code = code;
        this.request = request;
        this.fatal = fatal;
    }

    /**
     * An error that ends the connection whatever its code, e.g. a frame that is not JSON: ShareDB answers
     * {@code ERR_MESSAGE_BADLY_FORMED} to a bad field but closes on a frame it cannot read.
     */
    public static ProtocolException fatal(ErrorCode code, String message) {
        return new ProtocolException(code, message, null, true, null);
    }

    /** The same error about {@code request}, the JSON object the client sent. */
    public ProtocolException about(ObjectNode request) {
        return new ProtocolException(code, getMessage(), request, fatal, getCause());
    }

    public ErrorCode code() {
        return code;
    }

    /** The client's request as parsed, to echo in the error reply; null if the frame was not a JSON object. */
    public ObjectNode request() {
        return request;
    }

    /** True when the server must close the connection (after sending the error reply, if there is one). */
    public boolean closesConnection() {
        return fatal;
    }

    @Override
    public String toString() {
        return code + ": " + getMessage();
    }
}
