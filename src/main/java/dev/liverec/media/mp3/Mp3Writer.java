package dev.liverec.media.mp3;

import dev.liverec.media.ByteSink;
import dev.liverec.media.Codec;
import dev.liverec.media.MediaPacket;
import dev.liverec.media.MediaWriter;
import dev.liverec.media.codec.Mp3FrameHeader;

import java.io.IOException;

/** Audio-only MP3 file: the MPEG audio frames passed through as they are (each carries its own header). */
public final class Mp3Writer implements MediaWriter {
    private final ByteSink sink;
    private long samples;
    private int sampleRate;
    private boolean closed;

    public Mp3Writer(ByteSink sink) {
        this.sink = sink;
    }

    @Override
    public void write(MediaPacket p) throws IOException {
        write(p, p.dts(), p.pts());
    }

    @Override
    public void write(MediaPacket p, long dts, long pts) throws IOException {
        if (closed) throw new IllegalStateException("closed");
        if (p.codec() != Codec.MP3 || p.isSequenceHeader()) return;
        Mp3FrameHeader h = Mp3FrameHeader.parse(p.payload()); // refuses what is not an MPEG audio frame
        sink.writeShared(p.payload());
        sampleRate = h.sampleRate();
        samples += h.samplesPerFrame();
    }

    @Override
    public long durationMs() {
        return sampleRate == 0 ? 0 : samples * 1000 / sampleRate;
    }

    @Override
    public void close() {
        closed = true;
    }
}
