package dev.liverec.clip;

import dev.liverec.media.Codec;
import dev.liverec.media.MediaPacket;
import dev.liverec.media.MediaWriter;
import dev.liverec.media.hls.HlsPlaylist;
import dev.liverec.media.hls.HlsSegmenter;
import dev.liverec.media.ts.TsMuxer;
import dev.liverec.record.output.FileSink;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * An HLS clip: MPEG-TS segments ({@code <stem>-NNNNN.ts}) cut on keyframes at {@link #SEGMENT_SECONDS} by the
 * recordings' {@link HlsSegmenter}, and on {@link #close} the playlist {@code <stem>.m3u8} with ENDLIST, named like
 * a recorded HLS file's so storage commits it the same way. One {@link TsMuxer} runs over all segments, so they
 * form one continuous stream.
 */
final class HlsClipWriter implements MediaWriter {
    /** Segment target of a clip: what players buffer comfortably; the clip is VOD, never followed live. */
    static final int SEGMENT_SECONDS = 6;

    private final Path dir;
    private final String stem;
    private final TsMuxer muxer;
    private final HlsSegmenter segmenter;
    private final HlsPlaylist playlist = new HlsPlaylist(SEGMENT_SECONDS);
    private final List<Path> segments = new ArrayList<>();
    private FileSink segment;
    private boolean segmentHasMedia;

    HlsClipWriter(Path dir, String stem, Codec videoCodec, Codec audioCodec) throws IOException {
        this.dir = dir;
        this.stem = stem;
        this.segment = newSegment();
        this.muxer = new TsMuxer(segment, videoCodec, audioCodec);
        this.segmenter = new HlsSegmenter(SEGMENT_SECONDS, videoCodec != null);
    }

    private FileSink newSegment() throws IOException {
        Path p = dir.resolve(String.format("%s-%05d.ts", stem, segments.size() + 1));
        segments.add(p);
        segmentHasMedia = false;
        return FileSink.create(p, FileSink.WriteObserver.NONE);
    }

    @Override
    public void write(MediaPacket p) throws IOException {
        write(p, p.dts(), p.pts());
    }

    @Override
    public void write(MediaPacket p, long dts, long pts) throws IOException {
        if (segmenter.next(p, dts) != HlsSegmenter.Cut.NONE) {
            closeSegment(segmenter.lastSegmentMs());
            segment = newSegment();
            muxer.startSegment(segment);
        }
        if (!p.isSequenceHeader()) segmentHasMedia = true;
        muxer.write(p, dts, pts);
    }

    private void closeSegment(long durationMs) throws IOException {
        segment.sync();
        segment.close();
        playlist.add(new HlsPlaylist.Segment(segments.get(segments.size() - 1).getFileName().toString(),
                Math.min(durationMs, SEGMENT_SECONDS * 1000L + 499), null, false));
    }

    /** Ends the last segment and writes the playlist. */
    @Override
    public void close() throws IOException {
        muxer.close();
        if (segmentHasMedia) {
            closeSegment(segmenter.currentSegmentMs());
        } else {
            segment.close();
            Files.deleteIfExists(segments.remove(segments.size() - 1));
        }
        playlist.end();
        Files.writeString(playlist(), playlist.render(), StandardCharsets.US_ASCII);
    }

    @Override
    public long durationMs() {
        return playlist.totalDurationMs();
    }

    Path playlist() {
        return dir.resolve(stem + ".m3u8");
    }

    /** The playlist first, then its segments: the files of an HLS recording. */
    List<Path> files() {
        List<Path> all = new ArrayList<>();
        all.add(playlist());
        all.addAll(segments);
        return all;
    }
}
