package io.quire.server.session;

import java.nio.charset.StandardCharsets;

/**
 * WebSocket close reasons fitted to the protocol: at most 123 bytes of UTF-8 (RFC 6455, 5.5), or the peer sees an
 * abnormal close (1006) with no reason at all. Reasons may quote what the client sent, so they can hold any text.
 */
public final class CloseReasons {
    static final int MAX_BYTES = 123;

    private CloseReasons() {
    }

    /** {@code reason}, cut (with an ellipsis) to fit, never between the halves of a surrogate pair. */
    public static String fit(String reason) {
        if (reason.getBytes(StandardCharsets.UTF_8).length <= MAX_BYTES) {
            return reason;
        }
        int budget = MAX_BYTES - 3; // the ellipsis is 3 bytes
        int bytes = 0;
        int end = 0;
        while (end < reason.length()) {
            int codePoint = reason.codePointAt(end);
            int size = codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
            if (bytes + size > budget) {
                break;
            }
            bytes += size;
            end += Character.charCount(codePoint);
        }
        return reason.substring(0, end) + "…";
    }
}
