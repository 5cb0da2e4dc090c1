package io.quire.server.session;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;

/**
 * Writes WebSocket text frames as the server sends them (RFC 6455 section 5.2): final, unmasked, uncompressed.
 * An uncompressed frame is valid even where the client negotiated permessage-deflate (RFC 7692 section 6),
 * since only frames with the RSV1 bit set are compressed.
 */
final class TextFrames {
    private static final int FINAL_TEXT = 0x81;
    private static final int MAX_ONE_BYTE_LENGTH = 125;
    private static final int TWO_BYTE_LENGTH = 126;
    private static final int EIGHT_BYTE_LENGTH = 127;

    private TextFrames() {
    }

    /** Appends {@code text} to {@code out} as one frame, in UTF-8. */
    static void append(ByteBuf out, String text) {
        int bytes = ByteBufUtil.utf8Bytes(text);
        out.ensureWritable(bytes + 10);
        out.writeByte(FINAL_TEXT);
        if (bytes <= MAX_ONE_BYTE_LENGTH) {
            out.writeByte(bytes);
        } else if (bytes <= 0xFFFF) {
            out.writeByte(TWO_BYTE_LENGTH);
            out.writeShort(bytes);
        } else {
            out.writeByte(EIGHT_BYTE_LENGTH);
            out.writeLong(bytes);
        }
        ByteBufUtil.reserveAndWriteUtf8(out, text, bytes);
    }
}
