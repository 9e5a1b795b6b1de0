package dev.liverec.media.flv;

import dev.liverec.media.MediaFormatException;
import dev.liverec.media.MediaPacket;
import dev.liverec.media.TestMedia;
import dev.liverec.media.codec.AacConfig;
import dev.liverec.media.codec.AvcDecoderConfig;
import dev.liverec.media.codec.HevcDecoderConfig;
import dev.liverec.media.codec.Mp3FrameHeader;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Parsers see untrusted bytes (RTMP bodies from any publisher): mutated real inputs and random bytes may only
 * produce {@link MediaFormatException}, a null, or a packet — never another exception.
 */
class MalformedInputTest {

    @Test
    void mutatedTagBodiesAndConfigsOnlyFailCleanly() {
        List<MediaPacket> real = TestMedia.flvPackets(TestMedia.srcBf(), 200_000);
        List<MediaPacket> hevc = TestMedia.hevcPackets(1, false);
        Random rnd = new Random(42);
        int[] outcomes = new int[3];
        try {
            List<byte[]> seeds = new java.util.ArrayList<>();
            for (MediaPacket p : real.subList(0, Math.min(real.size(), 12))) seeds.add(body(p));
            seeds.add(body(hevc.get(0)));
            seeds.add(body(hevc.get(1)));
            for (int round = 0; round < 8_000; round++) {
                byte[] b = seeds.get(rnd.nextInt(seeds.size())).clone();
                int len = rnd.nextInt(4) == 0 ? rnd.nextInt(Math.max(1, b.length)) : b.length;
                b = java.util.Arrays.copyOf(b, Math.max(1, Math.min(len, 600)));
                for (int m = rnd.nextInt(6); m >= 0; m--) b[rnd.nextInt(b.length)] = (byte) rnd.nextInt(256);
                if (rnd.nextInt(10) == 0) rnd.nextBytes(b);
                byte[] input = b;
                outcomes[attempt(() -> {
                    ByteBuf buf = Unpooled.wrappedBuffer(input);
                    MediaPacket p = rnd.nextBoolean() ? FlvTagBodies.video(buf, 1) : FlvTagBodies.audio(buf, 1);
                    if (p != null) {
                        try {
                            if (p.isSequenceHeader()) {
                                switch (p.codec()) {
                                    case H264 -> AvcDecoderConfig.parse(p.payload());
                                    case HEVC -> HevcDecoderConfig.parse(p.payload());
                                    case AAC -> AacConfig.parse(p.payload());
                                    default -> { }
                                }
                            } else if (p.codec() == dev.liverec.media.Codec.MP3) {
                                Mp3FrameHeader.parse(p.payload());
                            }
                        } finally {
                            p.release();
                        }
                    }
                })]++;
            }
        } finally {
            TestMedia.releaseAll(real);
            TestMedia.releaseAll(hevc);
        }
        assertThat(outcomes[0]).isPositive(); // some mutations still parse
        assertThat(outcomes[1]).isPositive(); // and many are refused
    }

    @Test
    void corruptFlvFilesAndScriptData() {
        ByteBuf file = TestMedia.readPrefix(TestMedia.srcNoBf(), 60_000);
        byte[] bytes = io.netty.buffer.ByteBufUtil.getBytes(file);
        file.release();
        Random rnd = new Random(7);
        for (int round = 0; round < 300; round++) {
            byte[] b = bytes.clone();
            for (int m = 0; m < 20; m++) b[rnd.nextInt(400)] = (byte) rnd.nextInt(256); // header, metadata, first tags
            attempt(() -> {
                FlvReader r = new FlvReader(Unpooled.wrappedBuffer(b));
                for (MediaPacket p; (p = r.next()) != null; ) p.release();
            });
            byte[] script = java.util.Arrays.copyOfRange(b, 24, 24 + rnd.nextInt(300));
            attempt(() -> ScriptData.read(Unpooled.wrappedBuffer(script)));
        }
    }

    /** The FLV tag body of a packet, as RTMP would carry it. */
    private static byte[] body(MediaPacket p) {
        ByteBuf b = Unpooled.buffer();
        if (p.isVideo()) FlvTagBodies.writeVideoHeader(p, false, b);
        else FlvTagBodies.writeAudioHeader(p, b);
        b.writeBytes(p.payload(), p.payload().readerIndex(), p.size());
        byte[] out = io.netty.buffer.ByteBufUtil.getBytes(b);
        b.release();
        return out;
    }

    /** 0 = parsed, 1 = MediaFormatException; anything else fails the test. */
    private static int attempt(Runnable r) {
        try {
            r.run();
            return 0;
        } catch (MediaFormatException e) {
            return 1;
        }
    }
}
