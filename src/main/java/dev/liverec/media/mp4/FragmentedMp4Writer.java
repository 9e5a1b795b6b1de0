package dev.liverec.media.mp4;

import dev.liverec.media.ByteSink;
import dev.liverec.media.Codec;
import dev.liverec.media.MediaFormatException;
import dev.liverec.media.MediaPacket;
import dev.liverec.media.MediaWriter;
import dev.liverec.media.StartGate;
import dev.liverec.media.codec.AacConfig;
import dev.liverec.media.codec.AvcDecoderConfig;
import dev.liverec.media.codec.HevcDecoderConfig;
import dev.liverec.media.codec.Mp3FrameHeader;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import java.io.IOException;

/**
 * Fragmented MP4 (ISO/IEC 14496-12): {@code ftyp} + {@code moov} (with {@code mvex}/{@code trex}), then a
 * {@code moof}+{@code mdat} pair every {@link #fragmentMs} of the main track (video, else audio), so a crash
 * loses at most one fragment; {@link Mp4Finalizer} turns the file into a progressive MP4 at the end.
 *
 * <p>Video: H.264 ({@code avc1}/{@code avcC}) or HEVC ({@code hvc1}/{@code hvcC}), 90 kHz, composition offsets
 * in a version-1 {@code trun}, sync flags on keyframes. Audio: AAC ({@code mp4a}/{@code esds} 0x40) or MP3
 * ({@code mp4a}/0x6B) at the sample rate, with frame durations snapped to 1024/1152 samples while the ms
 * timestamps agree within half a frame. Payloads are kept by reference (retained) until their fragment is
 * written and go to the sink without copying; the init segment is written with the first fragment, once the
 * codec configurations are known (or earlier, by {@link #writeInitSegment}, for a live viewer). Each track's
 * state is a {@link FragmentTrack}; {@link InitSegment} writes the {@code ftyp}+{@code moov}.
 */
public final class FragmentedMp4Writer implements MediaWriter {
    static final int VIDEO_TIMESCALE = 90_000;
    static final int MOVIE_TIMESCALE = 1000;
    static final int FLAGS_SYNC = 0x02000000, FLAGS_NON_SYNC = 0x01010000;

    private final ByteSink sink;
    private final long fragmentMs;
    private final StartGate gate;
    private final FragmentTrack video;
    private final FragmentTrack audio;
    private final ByteBuf box = Unpooled.buffer(2048); // reused for moof
    private boolean initWritten;
    private long base = Long.MIN_VALUE;
    private long fragmentStart = Long.MIN_VALUE;
    private int sequence;
    private long firstMs = Long.MIN_VALUE, lastMs, lastStepMs;
    private boolean closed;

    public FragmentedMp4Writer(ByteSink sink, Codec videoCodec, Codec audioCodec, long fragmentMs) {
        if (videoCodec == null && audioCodec == null) throw new IllegalArgumentException("no track");
        if (videoCodec != null && videoCodec != Codec.H264 && videoCodec != Codec.HEVC) throw new IllegalArgumentException("MP4 video " + videoCodec);
        this.sink = sink;
        this.fragmentMs = fragmentMs;
        this.video = videoCodec == null ? null : new FragmentTrack(1, videoCodec);
        this.audio = audioCodec == null ? null : new FragmentTrack(videoCodec == null ? 1 : 2, audioCodec);
        this.gate = new StartGate(video != null, audio != null);
    }

    @Override
    public void write(MediaPacket p) throws IOException {
        write(p, p.dts(), p.pts());
    }

    @Override
    public void write(MediaPacket p, long dts, long pts) throws IOException {
        if (closed) throw new IllegalStateException("closed");
        if (!gate.accept(p, pts)) return;
        FragmentTrack t = p.isVideo() ? video : audio;
        if (p.codec() != t.codec) throw new MediaFormatException("codec changed to " + p.codec());
        if (p.isSequenceHeader()) {
            configure(t, p);
            return;
        }
        if (t.codec == Codec.MP3 && t.sampleRate == 0) {
            Mp3FrameHeader h = Mp3FrameHeader.parse(p.payload());
            t.sampleRate = h.sampleRate();
            t.channels = h.channels();
            t.nominal = h.samplesPerFrame();
            t.timescale = h.sampleRate();
        }
        if (!t.configured() || initWritten && !t.inMoov) return;
        if (base == Long.MIN_VALUE) base = dts;
        boolean main = t == (video != null ? video : audio);
        if (main) {
            if (fragmentStart == Long.MIN_VALUE) fragmentStart = dts;
            else if (dts - fragmentStart >= fragmentMs) {
                flush(false);
                fragmentStart = dts;
            }
            if (firstMs == Long.MIN_VALUE) firstMs = lastMs = dts;
            else if (dts > lastMs) {
                lastStepMs = dts - lastMs;
                lastMs = dts;
            }
        }
        long rel = dts - base;
        long time;
        int ct;
        if (t.isAudio) {
            long actual = Math.round(rel * t.timescale / 1000.0);
            time = actual;
            if (t.prevTime != Long.MIN_VALUE) {
                long expected = t.prevTime + t.nominal;
                time = Math.abs(actual - expected) < t.nominal / 2 ? expected : Math.max(actual, t.prevTime + 1);
            }
            ct = 0;
        } else {
            time = rel * 90;
            if (t.prevTime != Long.MIN_VALUE && time <= t.prevTime) time = t.prevTime + 1;
            ct = (int) ((pts - dts) * 90);
        }
        t.add(p, time, ct);
    }

    private void configure(FragmentTrack t, MediaPacket p) {
        if (t.config != null) {
            if (io.netty.buffer.ByteBufUtil.equals(t.config, p.payload())) return;
            if (initWritten) throw new MediaFormatException("decoder configuration changed mid-file");
            t.config.release();
        }
        t.config = Unpooled.copiedBuffer(p.payload());
        switch (t.codec) {
            case H264 -> {
                AvcDecoderConfig c = AvcDecoderConfig.parse(p.payload());
                t.width = c.width();
                t.height = c.height();
            }
            case HEVC -> {
                HevcDecoderConfig c = HevcDecoderConfig.parse(p.payload());
                t.width = c.width();
                t.height = c.height();
            }
            case AAC -> {
                AacConfig c = AacConfig.parse(p.payload());
                t.sampleRate = c.sampleRate();
                t.channels = c.channels();
                t.nominal = c.samplesPerFrame();
                t.timescale = c.sampleRate();
            }
            default -> throw new MediaFormatException("MP4 cannot carry " + t.codec);
        }
    }

    /**
     * Writes the init segment now, with the tracks configured so far, instead of with the first fragment: a live
     * viewer (Media Source Extensions) needs it before any media. No-op once written.
     */
    public void writeInitSegment() throws IOException {
        if (!initWritten) writeInit();
    }

    private void writeInit() throws IOException {
        ByteBuf b = Unpooled.buffer(4096);
        try {
            InitSegment.write(b, video, audio);
            sink.write(b);
            initWritten = true;
        } finally {
            b.release();
        }
    }

    /** Writes the pending samples as one fragment; unless {@code all}, each track keeps its last sample. */
    private void flush(boolean all) throws IOException {
        if (!initWritten) writeInit();
        FragmentTrack[] tracks = {video, audio};
        int[] counts = new int[2];
        long total = 0;
        for (int k = 0; k < 2; k++) {
            FragmentTrack t = tracks[k];
            if (t == null || !t.inMoov) continue;
            int n = t.pending.size();
            counts[k] = all ? n : Math.max(0, n - 1);
            for (int i = 0; i < counts[k]; i++) total += t.pending.get(i).size();
        }
        if (counts[0] + counts[1] == 0) return;
        ByteBuf b = box.clear();
        int moof = Mp4Boxes.begin(b, "moof");
        int mfhd = Mp4Boxes.beginFull(b, "mfhd", 0, 0);
        b.writeInt(++sequence);
        Mp4Boxes.end(b, mfhd);
        int[] offsetFields = new int[2];
        for (int k = 0; k < 2; k++) {
            FragmentTrack t = tracks[k];
            int n = counts[k];
            if (n == 0) continue;
            int traf = Mp4Boxes.begin(b, "traf");
            int tfhd = Mp4Boxes.beginFull(b, "tfhd", 0, 0x020000); // default-base-is-moof
            b.writeInt(t.id);
            Mp4Boxes.end(b, tfhd);
            int tfdt = Mp4Boxes.beginFull(b, "tfdt", 1, 0);
            b.writeLong(t.times[0]);
            Mp4Boxes.end(b, tfdt);
            int trun = Mp4Boxes.beginFull(b, "trun", 1, 0x000F01);
            b.writeInt(n);
            offsetFields[k] = b.writerIndex();
            b.writeInt(0);
            for (int i = 0; i < n; i++) {
                long d;
                if (i + 1 < t.pending.size()) d = t.times[i + 1] - t.times[i];
                else d = t.lastDuration > 0 ? t.lastDuration : (t.isAudio ? t.nominal : 3000);
                t.lastDuration = d;
                MediaPacket p = t.pending.get(i);
                b.writeInt((int) d);
                b.writeInt(p.size());
                b.writeInt(t.isAudio || p.isKeyframe() ? FLAGS_SYNC : FLAGS_NON_SYNC);
                b.writeInt(t.cts[i]);
            }
            Mp4Boxes.end(b, trun);
            Mp4Boxes.end(b, traf);
        }
        Mp4Boxes.end(b, moof);
        int moofSize = b.writerIndex() - moof;
        long dataOffset = moofSize + 8;
        for (int k = 0; k < 2; k++) {
            if (counts[k] == 0) continue;
            b.setInt(offsetFields[k], (int) dataOffset);
            for (int i = 0; i < counts[k]; i++) dataOffset += tracks[k].pending.get(i).size();
        }
        b.writeInt((int) (8 + total));
        b.writeInt(Mp4Boxes.type("mdat"));
        sink.write(b);
        for (int k = 0; k < 2; k++) {
            for (int i = 0; i < counts[k]; i++) sink.writeShared(tracks[k].pending.get(i).payload());
            if (counts[k] > 0) tracks[k].removeFirst(counts[k]);
        }
    }

    @Override
    public long durationMs() {
        return firstMs == Long.MIN_VALUE ? 0 : lastMs - firstMs + lastStepMs;
    }

    /** Bytes written so far. */
    public long size() {
        return sink.position();
    }

    @Override
    public void close() throws IOException {
        if (closed) return;
        closed = true;
        try {
            boolean any = (video != null && video.configured()) || (audio != null && audio.configured());
            if (any) flush(true);
        } finally {
            releaseHeld();
        }
    }

    /** Releases the samples of the unwritten fragment (retained packets), the configurations and the box buffer. */
    @Override
    public void abandon() {
        if (closed) return;
        closed = true;
        releaseHeld();
    }

    private void releaseHeld() {
        for (FragmentTrack t : new FragmentTrack[]{video, audio}) {
            if (t == null) continue;
            t.removeFirst(t.pending.size());
            if (t.config != null) t.config.release();
            t.config = null;
        }
        box.release();
    }
}
