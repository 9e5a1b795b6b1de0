package dev.liverec.media.fuzz;

import dev.liverec.media.MediaFormatException;
import dev.liverec.media.MediaPacket;
import dev.liverec.media.MemorySink;
import dev.liverec.media.adts.AdtsFrames;
import dev.liverec.media.flv.FlvReader;
import dev.liverec.media.flv.FlvRepair;
import dev.liverec.media.hls.HlsPlaylist;
import dev.liverec.media.mp4.Mp4Demuxer;
import dev.liverec.media.mp4.Mp4Finalizer;
import dev.liverec.media.probe.ContainerProbe;
import dev.liverec.media.ts.TsDemuxer;
import dev.liverec.media.ts.TsRecovery;
import dev.liverec.record.output.mp3.Mp3Recovery;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The readers that take bytes left by a crash or written by someone else: crash recovery and probing run them on
 * whatever is in a work directory, a clip on stored recordings. Each may only reject bad bytes the way its callers expect — a
 * {@link MediaFormatException} (or an {@link IOException} from the channel) for the binary formats, an
 * {@link IllegalArgumentException} for a playlist — never another RuntimeException, an OutOfMemoryError from a
 * length taken on trust, a StackOverflowError or a hang (Jazzer reports the last two itself).
 */
public final class MediaFuzzTargets {
    private static Path scratch;

    private MediaFuzzTargets() {}

    /** TsDemuxer over the input as two segments of one recording, as a clip reads an HLS source. */
    public static void tsDemuxer(byte[] data) {
        int half = data.length / 2 / 188 * 188;
        TsDemuxer d = new TsDemuxer();
        try {
            d.feed(Unpooled.wrappedBuffer(data, 0, half)).forEach(MediaPacket::release);
            d.feed(Unpooled.wrappedBuffer(data, half, data.length - half)).forEach(MediaPacket::release);
            d.flush().forEach(MediaPacket::release);
        } catch (MediaFormatException expected) {
            // the demuxer's verdict
        }
    }

    /** Mp4Demuxer over the whole input, as a clip reads an MP4 source. */
    public static void mp4Demuxer(byte[] data) {
        ByteBuf in = Unpooled.wrappedBuffer(data);
        try {
            Mp4Demuxer d = new Mp4Demuxer(in);
            for (MediaPacket p; (p = d.next()) != null; ) p.release();
        } catch (MediaFormatException expected) {
            // the demuxer's verdict
        } finally {
            in.release();
        }
    }

    /** FlvReader over the whole input, as FlvRecovery reads a part file. */
    public static void flvReader(byte[] data) {
        ByteBuf in = Unpooled.wrappedBuffer(data);
        try {
            FlvReader r = new FlvReader(in);
            for (MediaPacket p; (p = r.next()) != null; ) p.release();
        } catch (MediaFormatException expected) {
            // the reader's verdict
        } finally {
            in.release();
        }
    }

    /** FlvRepair in place on an in-memory copy (cut tag, trailer, metadata patch). */
    public static void flvRepair(byte[] data) {
        try {
            FlvRepair.repair(new BytesChannel(data));
        } catch (MediaFormatException | IOException expected) {
            // the repair's verdict
        }
    }

    /** TsRecovery's scan of a cut HLS segment: any bytes give a result. */
    public static void tsRecovery(byte[] data) {
        try {
            TsRecovery.scan(new BytesChannel(data));
        } catch (IOException e) {
            throw new UncheckedIOException(e); // an in-memory channel does not fail
        }
    }

    /** Mp4Finalizer (FragmentIndex, BoxHeader) turning a cut fragmented MP4 into a progressive one. */
    public static void mp4Finalizer(byte[] data) {
        try {
            Mp4Finalizer.finalize(new BytesChannel(data), new MemorySink());
        } catch (MediaFormatException | IOException expected) {
            // the finalizer's verdict
        }
    }

    /** ContainerProbe (FlvProbe, Mp4Probe, TsProbe, ADTS/MP3 sync) and the mvhd duration read, on a file. */
    public static void probe(byte[] data) {
        Path file = scratch(data);
        try {
            ContainerProbe.probe(file);
        } catch (MediaFormatException | IOException expected) {
            // the probe's verdict
        }
        try {
            ContainerProbe.mp4DurationMillis(file);
        } catch (MediaFormatException | IOException expected) {
            // the probe's verdict
        }
    }

    /** The whole-frame scan of a cut ADTS part file: any bytes give a result. */
    public static void adtsFrames(byte[] data) {
        AdtsFrames.scan(data);
    }

    /** The whole-frame scan of a cut MP3 part file: any bytes give a result. */
    public static void mp3Frames(byte[] data) {
        try {
            Mp3Recovery.scan(scratch(data));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** HlsPlaylist.parse of a playlist left by a crash. */
    public static void hlsPlaylist(byte[] data) {
        try {
            HlsPlaylist.parse(new String(data, StandardCharsets.US_ASCII));
        } catch (IllegalArgumentException expected) {
            // the parser's verdict
        }
    }

    /** One reused temp file for the targets that open a path; fuzzing runs the inputs one after the other. */
    private static synchronized Path scratch(byte[] data) {
        try {
            if (scratch == null) {
                scratch = Files.createTempFile("liverec-fuzz", ".bin");
                scratch.toFile().deleteOnExit();
            }
            return Files.write(scratch, data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
