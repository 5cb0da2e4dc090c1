package io.quire.server.http;

/**
 * A request the API refuses, with the HTTP status it answers. The body is
 * <pre>{"error":{"status":400,"code":"BAD_REQUEST","message":"version must be a number, got \"abc\""}}</pre>
 */
public final class ApiError extends RuntimeException {
    private final int status;
    private final String code;

    public ApiError(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    public static ApiError badRequest(String message) {
        return new ApiError(400, "BAD_REQUEST", message);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }
}
