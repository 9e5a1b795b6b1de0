package dev.liverec.web.preview;

import dev.liverec.media.Codec;
import dev.liverec.media.MediaPacket;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The live-preview feed on real media: ffmpeg makes an H.264/AAC FLV, its tags become MediaPackets as the ingest
 * layer would make them, and the fragmented MP4 the feed produces must probe and decode without an error line.
 */
class PreviewFeedTest {
    @TempDir
    Path dir;

    private Path clip(boolean audio, boolean video) throws Exception {
        Path flv = dir.resolve("clip.flv");
        List<String> cmd = new ArrayList<>(List.of("ffmpeg", "-nostdin", "-y", "-loglevel", "error"));
        if (video) cmd.addAll(List.of("-f", "lavfi", "-i", "testsrc=size=320x240:rate=25"));
        if (audio) cmd.addAll(List.of("-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100"));
        cmd.addAll(List.of("-t", "4"));
        if (video) cmd.addAll(List.of("-c:v", "libx264", "-preset", "veryfast", "-g", "25", "-bf", "2", "-pix_fmt", "yuv420p"));
        if (audio) cmd.addAll(List.of("-c:a", "aac", "-b:a", "64k"));
        cmd.addAll(List.of("-f", "flv", flv.toString()));
        run(cmd);
        return flv;
    }

    private static String run(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", cmd) + "\n" + out).isZero();
        return out;
    }

    /** FLV tags → MediaPackets (AVC and AAC only), payload layout as documented on MediaPacket. */
    static List<MediaPacket> packets(byte[] flv) {
        List<MediaPacket> out = new ArrayList<>();
        int pos = ((flv[5] & 0xFF) << 24 | (flv[6] & 0xFF) << 16 | (flv[7] & 0xFF) << 8 | (flv[8] & 0xFF)) + 4;
        while (pos + 11 <= flv.length) {
            int type = flv[pos] & 0xFF;
            int size = (flv[pos + 1] & 0xFF) << 16 | (flv[pos + 2] & 0xFF) << 8 | (flv[pos + 3] & 0xFF);
            long ts = ((flv[pos + 7] & 0xFFL) << 24) | (flv[pos + 4] & 0xFF) << 16 | (flv[pos + 5] & 0xFF) << 8 | (flv[pos + 6] & 0xFF);
            int body = pos + 11;
            if (type == 9 && (flv[body] & 0x0F) == 7) {
                boolean key = (flv[body] >> 4 & 0x0F) == 1;
                int pktType = flv[body + 1];
                int cto = (flv[body + 2] << 16 | (flv[body + 3] & 0xFF) << 8 | (flv[body + 4] & 0xFF));
                byte[] payload = java.util.Arrays.copyOfRange(flv, body + 5, body + size);
                out.add(new MediaPacket(Codec.H264, ts, ts + cto, key, pktType == 0, Unpooled.wrappedBuffer(payload)));
            } else if (type == 8 && (flv[body] >> 4 & 0x0F) == 10) {
                byte[] payload = java.util.Arrays.copyOfRange(flv, body + 2, body + size);
                out.add(new MediaPacket(Codec.AAC, ts, ts, true, flv[body + 1] == 0, Unpooled.wrappedBuffer(payload)));
            }
            pos = body + size + 4;
        }
        return out;
    }

    /** An AVCDecoderConfigurationRecord from x264 (320x240, High profile, level 3.1). */
    private static final byte[] AVC_CONFIG = {0x01, 0x64, 0x00, 0x1f, (byte) 0xff, (byte) 0xe1, 0x00, 0x19, 0x67, 0x64,
            0x00, 0x1f, (byte) 0xac, (byte) 0xd9, 0x41, 0x41, (byte) 0xfb, 0x01, 0x10, 0x00, 0x00, 0x03, 0x00, 0x10,
            0x00, 0x00, 0x03, 0x03, 0x20, (byte) 0xf1, (byte) 0x83, 0x19, 0x60, 0x01, 0x00, 0x06, 0x68, (byte) 0xeb,
            (byte) 0xe3, (byte) 0xcb, 0x22, (byte) 0xc0, (byte) 0xfd, (byte) 0xf8, (byte) 0xf8, 0x00};

    private Path mux(Path flv, PreviewFeed feed) throws Exception {
        ByteArrayOutputStream mp4 = new ByteArrayOutputStream();
        for (MediaPacket p : packets(Files.readAllBytes(flv))) {
            byte[] out = feed.push(p);
            p.release();
            if (out != null) mp4.write(out);
        }
        feed.release();
        Path out = dir.resolve("preview.mp4");
        Files.write(out, mp4.toByteArray());
        return out;
    }

    @Test
    void videoAndAudioPreviewProbesAndDecodesCleanly() throws Exception {
        PreviewFeed feed = new PreviewFeed();
        Path mp4 = mux(clip(true, true), feed);
        assertThat(feed.codecs()).matches("avc1\\.[0-9a-f]{6},mp4a\\.40\\.2");
        String probe = run(List.of("ffprobe", "-v", "error", "-show_entries", "stream=codec_name,width,height,sample_rate",
                "-of", "csv=p=0", mp4.toString()));
        assertThat(probe).contains("h264,320,240").contains("aac,44100");
        String frames = run(List.of("ffprobe", "-v", "error", "-count_frames", "-select_streams", "v:0",
                "-show_entries", "stream=nb_read_frames", "-of", "csv=p=0", mp4.toString())).trim();
        // 4 s at 25 fps; the newest frame of each track waits for its successor, so at most a fragment is missing
        assertThat(Integer.parseInt(frames)).isBetween(90, 100);
        String decode = run(List.of("ffmpeg", "-nostdin", "-v", "error", "-i", mp4.toString(), "-f", "null", "-"));
        assertThat(decode).isEmpty();
    }

    @Test
    void audioOnlyPreview() throws Exception {
        PreviewFeed feed = new PreviewFeed();
        Path mp4 = mux(clip(true, false), feed);
        assertThat(feed.codecs()).isEqualTo("mp4a.40.2");
        String probe = run(List.of("ffprobe", "-v", "error", "-show_entries", "stream=codec_name", "-of", "csv=p=0", mp4.toString()));
        assertThat(probe.trim()).isEqualTo("aac");
        assertThat(run(List.of("ffmpeg", "-nostdin", "-v", "error", "-i", mp4.toString(), "-f", "null", "-"))).isEmpty();
    }

    @Test
    void startsOnAKeyframeOnly() throws Exception {
        PreviewFeed feed = new PreviewFeed();
        MediaPacket header = new MediaPacket(Codec.H264, 0, 0, true, true, Unpooled.wrappedBuffer(AVC_CONFIG));
        assertThat(feed.push(header)).isNull();
        header.release();
        MediaPacket delta = new MediaPacket(Codec.H264, 40, 40, false, false, Unpooled.wrappedBuffer(new byte[8]));
        assertThat(feed.push(delta)).isNull();
        delta.release();
        assertThat(feed.started()).isFalse();
        MediaPacket key = new MediaPacket(Codec.H264, 80, 80, true, false, Unpooled.wrappedBuffer(new byte[8]));
        byte[] init = feed.push(key);
        key.release();
        assertThat(init).isNotNull();
        assertThat(new String(init, 4, 4, StandardCharsets.US_ASCII)).isEqualTo("ftyp");
        assertThat(feed.codecs()).isEqualTo("avc1.64001f");
        feed.release();
    }
}
