package dev.liverec.web.preview;

import dev.liverec.media.Codec;
import dev.liverec.media.MediaPacket;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

import java.util.ArrayList;
import java.util.List;

import static dev.liverec.web.preview.Fmp4Boxes.close;
import static dev.liverec.web.preview.Fmp4Boxes.open;
import static dev.liverec.web.preview.Fmp4Boxes.openFull;
import static dev.liverec.web.preview.Fmp4Boxes.zeros;

/**
 * Turns a live stream's H.264/AAC packets into fragmented MP4 for a browser's Media Source Extensions: one init
 * segment (ftyp + moov, built from the sequence headers), then moof + mdat fragments of about
 * {@link #FRAGMENT_MILLIS}. Timescale 1000 (RTMP milliseconds) on both tracks; decode times rebased to start at 0.
 * Each sample's duration is the gap to the next one, so the newest sample of each track waits for its successor.
 * No I/O: {@link #push} returns the bytes to send (or null). Confined to the stream's event loop.
 */
final class Fmp4LiveMuxer {
    static final int FRAGMENT_MILLIS = 200;
    private static final int VIDEO = 1, AUDIO = 2;

    private record Sample(long dts, int cto, boolean key, ByteBuf data) {}

    private final ByteBufAllocator alloc;
    private final int width, height;
    private byte[] avcConfig, audioConfig;
    private boolean started;
    private boolean hasVideo, hasAudio;
    private long baseDts = Long.MIN_VALUE;
    private int sequence;
    private final List<Sample> video = new ArrayList<>(), audio = new ArrayList<>();
    private Sample videoHeld, audioHeld;
    private long fragmentStart = Long.MIN_VALUE;
    private String codecs = "";

    Fmp4LiveMuxer(ByteBufAllocator alloc, int width, int height) {
        this.alloc = alloc;
        this.width = width;
        this.height = height;
    }

    /** The MSE codecs string (e.g. {@code avc1.64001f,mp4a.40.2}), known once the init segment is out. */
    String codecs() { return codecs; }

    boolean started() { return started; }

    /**
     * Takes one packet (not retained beyond this call: sample bytes are copied into the fragment being built) and
     * returns bytes to send: the init segment, a fragment, both, or null.
     */
    ByteBuf push(MediaPacket p) {
        if (p.isSequenceHeader()) {
            if (started) return null; // a mid-stream codec change is not followed by a preview
            byte[] cfg = new byte[p.size()];
            p.payload().getBytes(p.payload().readerIndex(), cfg);
            if (p.codec() == Codec.H264) avcConfig = cfg;
            else if (p.codec() == Codec.AAC) audioConfig = cfg;
            return null;
        }
        boolean isVideo = p.codec() == Codec.H264;
        boolean isAudio = p.codec() == Codec.AAC;
        if (!isVideo && !isAudio) return null;
        ByteBuf out = null;
        if (!started) {
            if (isVideo && (avcConfig == null || !p.isKeyframe())) return null; // start on a keyframe
            if (isAudio && audioConfig == null) return null;
            if (isAudio && avcConfig != null) return null; // with video, wait for its keyframe
            hasVideo = avcConfig != null;
            hasAudio = audioConfig != null;
            started = true;
            baseDts = p.dts();
            out = initSegment();
        }
        if ((isVideo && !hasVideo) || (isAudio && !hasAudio)) return out;
        Sample s = new Sample(Math.max(0, p.dts() - baseDts), p.compositionTime(), p.isKeyframe(), copy(p));
        if (isVideo) {
            if (videoHeld != null) video.add(videoHeld);
            videoHeld = s;
        } else {
            if (audioHeld != null) audio.add(audioHeld);
            audioHeld = s;
        }
        if (fragmentStart == Long.MIN_VALUE) fragmentStart = s.dts();
        boolean due = s.dts() - fragmentStart >= FRAGMENT_MILLIS || (isVideo && s.key() && !video.isEmpty());
        if (due && (!video.isEmpty() || !audio.isEmpty())) {
            ByteBuf frag = fragment(s.dts(), videoHeld, audioHeld);
            fragmentStart = s.dts();
            if (out == null) return frag;
            out.writeBytes(frag);
            frag.release();
        }
        return out;
    }

    /** Releases samples still held (the viewer left). */
    void release() {
        for (Sample s : video) s.data().release();
        for (Sample s : audio) s.data().release();
        video.clear();
        audio.clear();
        if (videoHeld != null) videoHeld.data().release();
        if (audioHeld != null) audioHeld.data().release();
        videoHeld = audioHeld = null;
    }

    private ByteBuf copy(MediaPacket p) {
        ByteBuf b = alloc.buffer(p.size());
        b.writeBytes(p.payload(), p.payload().readerIndex(), p.size());
        return b;
    }

    // ---- init segment ----

    private ByteBuf initSegment() {
        ByteBuf b = alloc.buffer(1024);
        int ftyp = open(b, "ftyp");
        b.writeBytes("isom".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        b.writeInt(0x200);
        for (String c : new String[] {"isom", "iso6", "avc1", "mp41"}) b.writeBytes(c.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        close(b, ftyp);
        int moov = open(b, "moov");
        int mvhd = openFull(b, "mvhd", 0, 0);
        b.writeInt(0).writeInt(0).writeInt(1000).writeInt(0); // times, timescale, duration
        b.writeInt(0x00010000).writeShort(0x0100); // rate, volume
        zeros(b, 10);
        matrix(b);
        zeros(b, 24);
        b.writeInt(3); // next track id
        close(b, mvhd);
        List<String> codecList = new ArrayList<>();
        if (hasVideo) {
            track(b, VIDEO);
            codecList.add(String.format("avc1.%02x%02x%02x", avcConfig[1] & 0xFF, avcConfig[2] & 0xFF, avcConfig[3] & 0xFF));
        }
        if (hasAudio) {
            track(b, AUDIO);
            codecList.add("mp4a.40." + Math.max(1, (audioConfig[0] & 0xFF) >> 3));
        }
        int mvex = open(b, "mvex");
        for (int id : hasVideo && hasAudio ? new int[] {VIDEO, AUDIO} : hasVideo ? new int[] {VIDEO} : new int[] {AUDIO}) {
            int trex = openFull(b, "trex", 0, 0);
            b.writeInt(id).writeInt(1).writeInt(0).writeInt(0).writeInt(0);
            close(b, trex);
        }
        close(b, mvex);
        close(b, moov);
        codecs = String.join(",", codecList);
        return b;
    }

    private static void matrix(ByteBuf b) {
        int[] m = {0x00010000, 0, 0, 0, 0x00010000, 0, 0, 0, 0x40000000};
        for (int v : m) b.writeInt(v);
    }

    private void track(ByteBuf b, int id) {
        boolean v = id == VIDEO;
        int trak = open(b, "trak");
        int tkhd = openFull(b, "tkhd", 0, 3);
        b.writeInt(0).writeInt(0).writeInt(id).writeInt(0).writeInt(0); // times, id, reserved, duration
        zeros(b, 8);
        b.writeShort(0).writeShort(0).writeShort(v ? 0 : 0x0100).writeShort(0); // layer, group, volume
        matrix(b);
        b.writeInt(v ? width << 16 : 0).writeInt(v ? height << 16 : 0);
        close(b, tkhd);
        int mdia = open(b, "mdia");
        int mdhd = openFull(b, "mdhd", 0, 0);
        b.writeInt(0).writeInt(0).writeInt(1000).writeInt(0).writeShort(0x55C4).writeShort(0); // und
        close(b, mdhd);
        int hdlr = openFull(b, "hdlr", 0, 0);
        b.writeInt(0).writeBytes((v ? "vide" : "soun").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        zeros(b, 12);
        b.writeBytes((v ? "VideoHandler" : "SoundHandler").getBytes(java.nio.charset.StandardCharsets.US_ASCII)).writeByte(0);
        close(b, hdlr);
        int minf = open(b, "minf");
        if (v) {
            int vmhd = openFull(b, "vmhd", 0, 1);
            zeros(b, 8);
            close(b, vmhd);
        } else {
            int smhd = openFull(b, "smhd", 0, 0);
            zeros(b, 4);
            close(b, smhd);
        }
        int dinf = open(b, "dinf");
        int dref = openFull(b, "dref", 0, 0);
        b.writeInt(1);
        int url = openFull(b, "url ", 0, 1);
        close(b, url);
        close(b, dref);
        close(b, dinf);
        int stbl = open(b, "stbl");
        int stsd = openFull(b, "stsd", 0, 0);
        b.writeInt(1);
        if (v) avc1(b);
        else mp4a(b);
        close(b, stsd);
        for (String empty : new String[] {"stts", "stsc", "stco"}) {
            int e = openFull(b, empty, 0, 0);
            b.writeInt(0);
            close(b, e);
        }
        int stsz = openFull(b, "stsz", 0, 0);
        b.writeInt(0).writeInt(0);
        close(b, stsz);
        close(b, stbl);
        close(b, minf);
        close(b, mdia);
        close(b, trak);
    }

    private void avc1(ByteBuf b) {
        int avc1 = open(b, "avc1");
        zeros(b, 6);
        b.writeShort(1); // data reference index
        zeros(b, 16);
        b.writeShort(width).writeShort(height).writeInt(0x00480000).writeInt(0x00480000).writeInt(0).writeShort(1);
        zeros(b, 32); // compressor name
        b.writeShort(0x18).writeShort(0xFFFF);
        int avcC = open(b, "avcC");
        b.writeBytes(avcConfig);
        close(b, avcC);
        close(b, avc1);
    }

    private void mp4a(ByteBuf b) {
        int[] rates = {96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350};
        int idx = audioConfig.length >= 2 ? ((audioConfig[0] & 0x07) << 1) | ((audioConfig[1] & 0xFF) >> 7) : 4;
        int rate = idx < rates.length ? rates[idx] : 44100;
        int channels = audioConfig.length >= 2 ? ((audioConfig[1] & 0x78) >> 3) : 2;
        int mp4a = open(b, "mp4a");
        zeros(b, 6);
        b.writeShort(1);
        zeros(b, 8);
        b.writeShort(channels == 0 ? 2 : channels).writeShort(16).writeShort(0).writeShort(0);
        b.writeInt(rate << 16);
        int esds = openFull(b, "esds", 0, 0);
        int dsi = audioConfig.length;
        int dcd = 13 + 2 + dsi;
        int es = 3 + 2 + dcd + 3;
        b.writeByte(0x03).writeByte(es).writeShort(AUDIO).writeByte(0);
        b.writeByte(0x04).writeByte(dcd).writeByte(0x40).writeByte(0x15).writeMedium(0).writeInt(0).writeInt(0);
        b.writeByte(0x05).writeByte(dsi).writeBytes(audioConfig);
        b.writeByte(0x06).writeByte(1).writeByte(0x02);
        close(b, esds);
        close(b, mp4a);
    }

    // ---- fragments ----

    /** Writes every complete sample (all but the held newest one per track) as one moof + mdat. */
    private ByteBuf fragment(long now, Sample nextVideo, Sample nextAudio) {
        ByteBuf b = alloc.buffer(1024 + payloadSize());
        int moof = open(b, "moof");
        int mfhd = openFull(b, "mfhd", 0, 0);
        b.writeInt(++sequence);
        close(b, mfhd);
        List<int[]> offsetFields = new ArrayList<>();
        if (!video.isEmpty()) offsetFields.add(new int[] {traf(b, VIDEO, video, nextVideo), VIDEO});
        if (!audio.isEmpty()) offsetFields.add(new int[] {traf(b, AUDIO, audio, nextAudio), AUDIO});
        close(b, moof);
        int mdat = open(b, "mdat");
        for (int[] f : offsetFields) {
            // trun data offset is relative to the moof start (default-base-is-moof)
            b.setInt(f[0], b.writerIndex() - moof);
            List<Sample> list = f[1] == VIDEO ? video : audio;
            for (Sample s : list) b.writeBytes(s.data(), s.data().readerIndex(), s.data().readableBytes());
        }
        close(b, mdat);
        for (Sample s : video) s.data().release();
        for (Sample s : audio) s.data().release();
        video.clear();
        audio.clear();
        return b;
    }

    private int payloadSize() {
        int n = 0;
        for (Sample s : video) n += s.data().readableBytes();
        for (Sample s : audio) n += s.data().readableBytes();
        return n;
    }

    /** Writes a traf; returns the position of its trun data-offset field. */
    private int traf(ByteBuf b, int id, List<Sample> samples, Sample next) {
        int traf = open(b, "traf");
        int tfhd = openFull(b, "tfhd", 0, 0x020000); // default-base-is-moof
        b.writeInt(id);
        close(b, tfhd);
        int tfdt = openFull(b, "tfdt", 1, 0);
        b.writeLong(samples.get(0).dts());
        close(b, tfdt);
        int trun = openFull(b, "trun", 1, 0x000001 | 0x000100 | 0x000200 | 0x000400 | 0x000800);
        b.writeInt(samples.size());
        int offsetField = b.writerIndex();
        b.writeInt(0);
        for (int i = 0; i < samples.size(); i++) {
            Sample s = samples.get(i);
            long nextDts = i + 1 < samples.size() ? samples.get(i + 1).dts() : (next != null ? next.dts() : s.dts());
            b.writeInt((int) Math.max(0, nextDts - s.dts()));
            b.writeInt(s.data().readableBytes());
            b.writeInt(id == AUDIO || s.key() ? 0x02000000 : 0x01010000);
            b.writeInt(s.cto());
        }
        close(b, trun);
        close(b, traf);
        return offsetField;
    }
}
