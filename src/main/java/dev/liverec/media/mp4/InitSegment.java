package dev.liverec.media.mp4;

import io.netty.buffer.ByteBuf;

/**
 * The init segment of a fragmented MP4: {@code ftyp} + {@code moov} with one {@code trak} per configured track (its
 * sample description, empty sample tables) and {@code mvex}/{@code trex}. Marks the tracks it lists
 * ({@link FragmentTrack#inMoov}): a track configured later cannot join the file.
 */
final class InitSegment {
    private InitSegment() {}

    static void write(ByteBuf b, FragmentTrack video, FragmentTrack audio) {
        Mp4Boxes.ftyp(b, "iso5", "iso5", "iso6", "mp41");
        int moov = Mp4Boxes.begin(b, "moov");
        Mp4Boxes.mvhd(b, FragmentedMp4Writer.MOVIE_TIMESCALE, 0, 3);
        for (FragmentTrack t : new FragmentTrack[]{video, audio}) {
            if (t == null || !t.configured()) continue;
            t.inMoov = true;
            int trak = Mp4Boxes.begin(b, "trak");
            Mp4Boxes.tkhd(b, t.id, 0, t.isAudio, t.width, t.height);
            int mdia = Mp4Boxes.begin(b, "mdia");
            Mp4Boxes.mdhd(b, t.timescale, 0);
            Mp4Boxes.hdlr(b, t.isAudio);
            int minf = Mp4Boxes.begin(b, "minf");
            Mp4Boxes.mediaHeaderAndDinf(b, t.isAudio);
            int stbl = Mp4Boxes.begin(b, "stbl");
            sampleDescription(b, t);
            for (String empty : new String[]{"stts", "stsc", "stco"}) {
                int at = Mp4Boxes.beginFull(b, empty, 0, 0);
                b.writeInt(0);
                Mp4Boxes.end(b, at);
            }
            int stsz = Mp4Boxes.beginFull(b, "stsz", 0, 0);
            b.writeInt(0).writeInt(0);
            Mp4Boxes.end(b, stsz);
            Mp4Boxes.end(b, stbl);
            Mp4Boxes.end(b, minf);
            Mp4Boxes.end(b, mdia);
            Mp4Boxes.end(b, trak);
        }
        int mvex = Mp4Boxes.begin(b, "mvex");
        for (FragmentTrack t : new FragmentTrack[]{video, audio}) {
            if (t == null || !t.inMoov) continue;
            int trex = Mp4Boxes.beginFull(b, "trex", 0, 0);
            b.writeInt(t.id).writeInt(1).writeInt(0).writeInt(0).writeInt(0);
            Mp4Boxes.end(b, trex);
        }
        Mp4Boxes.end(b, mvex);
        Mp4Boxes.end(b, moov);
    }

    private static void sampleDescription(ByteBuf b, FragmentTrack t) {
        int stsd = Mp4Boxes.beginFull(b, "stsd", 0, 0);
        b.writeInt(1);
        switch (t.codec) {
            case H264 -> Mp4Boxes.visualSampleEntry(b, "avc1", "avcC", t.config, t.width, t.height);
            case HEVC -> Mp4Boxes.visualSampleEntry(b, "hvc1", "hvcC", t.config, t.width, t.height);
            case AAC -> Mp4Boxes.mp4aSampleEntry(b, t.channels, t.sampleRate, t.config);
            case MP3 -> Mp4Boxes.mp4aSampleEntry(b, t.channels, t.sampleRate, null);
            default -> throw new IllegalStateException();
        }
        Mp4Boxes.end(b, stsd);
    }
}
