package dev.liverec.media.adts;

import dev.liverec.media.ByteSink;
import dev.liverec.media.Codec;
import dev.liverec.media.MediaPacket;
import dev.liverec.media.MediaWriter;
import dev.liverec.media.codec.AacConfig;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import java.io.IOException;

/**
 * Audio-only AAC file as an ADTS stream ({@code .aac}): each raw frame gets the 7-byte header built from the
 * AudioSpecificConfig; the payload goes to the sink as is. Frames before the config, and video, are ignored.
 */
public final class AdtsWriter implements MediaWriter {
    private final ByteSink sink;
    private final ByteBuf header = Unpooled.buffer(AacConfig.ADTS_HEADER_SIZE);
    private AacConfig config;
    private long firstDts = Long.MIN_VALUE, lastDts;
    private long frames;
    private boolean closed;

    public AdtsWriter(ByteSink sink) {
        this.sink = sink;
    }

    @Override
    public void write(MediaPacket p) throws IOException {
        write(p, p.dts(), p.pts());
    }

    @Override
    public void write(MediaPacket p, long dts, long pts) throws IOException {
        if (closed) throw new IllegalStateException("closed");
        if (p.codec() != Codec.AAC) return;
        if (p.isSequenceHeader()) {
            config = AacConfig.parse(p.payload());
            return;
        }
        if (config == null) return;
        header.clear();
        config.writeAdtsHeader(header, p.size());
        sink.write(header);
        sink.writeShared(p.payload());
        if (firstDts == Long.MIN_VALUE) firstDts = dts;
        lastDts = Math.max(lastDts, dts);
        frames++;
    }

    /** Frames written × 1024 samples at the config's rate (exact, unlike ms timestamps). */
    @Override
    public long durationMs() {
        return config == null ? 0 : frames * config.samplesPerFrame() * 1000 / config.sampleRate();
    }

    public long frames() {
        return frames;
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        header.release();
    }
}
