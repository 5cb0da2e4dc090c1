package io.quire.benchmarks.load;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.internal.http.WebSocketInternal;

/**
 * A connected client's text frames, taken straight from Netty and written straight to it, past Vert.x's
 * per-frame queues, aggregator and String conversions. The generator shares the cores with the server it
 * measures, so every microsecond it spends per frame is one the server does not get. Vert.x keeps the handshake,
 * the control frames (close, ping) and any fragmented message, which reaches {@link LoadClient} as before.
 */
final class DirectFrames extends ChannelInboundHandlerAdapter {
    /** Takes one whole text frame's UTF-8 bytes; they are valid only during the call. */
    @FunctionalInterface
    interface Reader {
        void onFrame(byte[] utf8, int offset, int length);
    }

    private static final ThreadLocal<byte[][]> SCRATCH = ThreadLocal.withInitial(() -> new byte[][] {new byte[8192]});

    private final Reader reader;
    private ChannelHandlerContext context;

    private DirectFrames(Reader reader) {
        this.reader = reader;
    }

    /** Puts the shortcut in front of Vert.x's handler of the socket's channel; call on the socket's event loop. */
    static DirectFrames install(ClientWebSocket socket, Reader reader) {
        ChannelHandlerContext vertx = ((WebSocketInternal) socket).channelHandlerContext();
        DirectFrames direct = new DirectFrames(reader);
        vertx.pipeline().addBefore(vertx.name(), "quire-direct-frames", direct);
        return direct;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        context = ctx;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof TextWebSocketFrame text) || !text.isFinalFragment()) {
            ctx.fireChannelRead(msg);
            return;
        }
        try {
            ByteBuf content = text.content();
            int length = content.readableBytes();
            if (content.hasArray()) {
                reader.onFrame(content.array(), content.arrayOffset() + content.readerIndex(), length);
            } else {
                byte[][] scratch = SCRATCH.get();
                if (scratch[0].length < length) {
                    scratch[0] = new byte[Math.max(length, 2 * scratch[0].length)];
                }
                content.getBytes(content.readerIndex(), scratch[0], 0, length);
                reader.onFrame(scratch[0], 0, length);
            }
        } finally {
            text.release();
        }
    }

    /** Writes one text frame (masked by the channel's encoder, as a client's must be); on the event loop. */
    void send(String frame) {
        context.writeAndFlush(new TextWebSocketFrame(ByteBufUtil.writeUtf8(context.alloc(), frame)));
    }
}
