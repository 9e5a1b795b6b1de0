package dev.liverec.media.probe;

import dev.liverec.media.Codec;
import dev.liverec.media.MediaFormatException;
import dev.liverec.media.codec.Mp3FrameHeader;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads the tracks of a file liverec wrote (FLV, MP4, MPEG-TS segment, ADTS, MP3), recognised by its first bytes, from
 * its sequence headers with {@code media.codec}'s parsers. Crash recovery uses it: a recovered file has no
 * recording session that remembers its codecs. Blocking; reads at most the first {@link #HEAD_BYTES} (headers come
 * first in every format) plus, for MP4, its {@code moov}.
 */
public final class ContainerProbe {
    static final int HEAD_BYTES = 2 << 20;

    private ContainerProbe() {}

    /** @throws MediaFormatException when the format is not recognised or its headers are unreadable */
    public static TrackFacts probe(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            byte[] head = read(ch, 0, (int) Math.min(HEAD_BYTES, ch.size()));
            if (head.length >= 3 && head[0] == 'F' && head[1] == 'L' && head[2] == 'V') return FlvProbe.probe(head);
            if (head.length >= 8 && head[4] == 'f' && head[5] == 't' && head[6] == 'y' && head[7] == 'p') {
                return Mp4Probe.probe(ch);
            }
            if (head.length >= 188 && head[0] == 0x47) return TsProbe.probe(head);
            if (head.length >= 2 && (head[0] & 0xFF) == 0xFF && (head[1] & 0xF6) == 0xF0) {
                return TrackFacts.NONE.withAudio(Codec.AAC); // ADTS sync word, layer 0
            }
            if (head.length >= 4 && (head[0] & 0xFF) == 0xFF && (head[1] & 0xE0) == 0xE0
                    || head.length >= 3 && head[0] == 'I' && head[1] == 'D' && head[2] == '3') {
                if (head[0] != 'I') Mp3FrameHeader.parse(((head[0] & 0xFF) << 24) | ((head[1] & 0xFF) << 16)
                        | ((head[2] & 0xFF) << 8) | (head[3] & 0xFF)); // throws on a bad header
                return TrackFacts.NONE.withAudio(Codec.MP3); // MPEG audio frames (or an ID3v2 tag before them)
            }
            throw new MediaFormatException("unknown container");
        }
    }

    /** The duration an MP4's {@code mvhd} states, in milliseconds. */
    public static long mp4DurationMillis(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return Mp4Probe.durationMillis(ch);
        }
    }

    static byte[] read(FileChannel ch, long pos, int len) throws IOException {
        ByteBuffer bb = ByteBuffer.allocate(len);
        while (bb.hasRemaining()) {
            if (ch.read(bb, pos + bb.position()) < 0) break;
        }
        byte[] out = new byte[bb.position()];
        bb.flip().get(out);
        return out;
    }
}
