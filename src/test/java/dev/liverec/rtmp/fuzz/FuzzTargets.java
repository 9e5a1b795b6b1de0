package dev.liverec.rtmp.fuzz;

import dev.liverec.rtmp.amf0.Amf0Exception;
import dev.liverec.rtmp.amf0.Amf0Reader;
import dev.liverec.rtmp.chunk.ChunkDecoder;
import dev.liverec.rtmp.chunk.ChunkException;
import dev.liverec.rtmp.handshake.HandshakeException;
import dev.liverec.rtmp.handshake.ServerHandshakeDecoder;
import dev.liverec.rtmp.message.MessageDecoder;
import dev.liverec.rtmp.message.MessageException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;

/**
 * The decoders under fuzzing. Each accepts any bytes and may only fail with the codec's own exception; anything
 * else (an IndexOutOfBounds, a NegativeArraySize, an OutOfMemoryError from a length taken on trust) is a finding.
 * The first input byte picks how the rest is cut into reads, so partial-read paths are fuzzed too.
 */
public final class FuzzTargets {
    static final int MAX_MESSAGE = 64 * 1024;

    private FuzzTargets() {}

    public static void handshake(byte[] data) {
        EmbeddedChannel ch = new EmbeddedChannel(new ServerHandshakeDecoder());
        try {
            feed(ch, data);
        } catch (HandshakeException expected) {
            // the codec's verdict
        } finally {
            ch.finishAndReleaseAll();
        }
    }

    public static void chunkStream(byte[] data) {
        EmbeddedChannel ch = new EmbeddedChannel(new ChunkDecoder(MAX_MESSAGE, 8), MessageDecoder.INSTANCE);
        try {
            feed(ch, data);
        } catch (DecoderException e) {
            if (!(e instanceof ChunkException || e instanceof MessageException
                    || e.getCause() instanceof Amf0Exception || e.getCause() instanceof MessageException)) {
                throw e;
            }
        } finally {
            ch.finishAndReleaseAll();
        }
    }

    public static void amf0(byte[] data) {
        ByteBuf b = Unpooled.wrappedBuffer(data);
        try {
            Amf0Reader.readAll(b);
        } catch (Amf0Exception expected) {
            // the codec's verdict
        } finally {
            b.release();
        }
    }

    private static void feed(EmbeddedChannel ch, byte[] data) {
        if (data.length == 0) return;
        int piece = 1 + (data[0] & 0xFF) * 16;
        for (int i = 1; i < data.length; i += piece) {
            ch.writeInbound(Unpooled.wrappedBuffer(data, i, Math.min(piece, data.length - i)));
            Object out;
            while ((out = ch.readInbound()) != null) io.netty.util.ReferenceCountUtil.release(out);
        }
        for (Object o; (o = ch.readOutbound()) != null; ) io.netty.util.ReferenceCountUtil.release(o);
    }
}
