package dev.liverec.rtmp.client;

import dev.liverec.rtmp.Ffmpeg;
import dev.liverec.rtmp.chunk.ChunkDecoder;
import dev.liverec.rtmp.chunk.ChunkEncoder;
import dev.liverec.rtmp.chunk.RawMessage;
import dev.liverec.rtmp.limits.RtmpLimits;
import dev.liverec.rtmp.message.MediaMessage;
import dev.liverec.rtmp.message.MessageEncoder;
import dev.liverec.rtmp.message.SetChunkSize;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The load generator's pre-chunked media is the byte stream the per-message encoder path wrote, pass by pass. */
class ChunkedMediaTest {
    private static final int CHUNK = RtmpLimits.CLIENT_CHUNK_SIZE;

    @Test
    void passesAreTheBytesOfThePerMessageEncoderPath() throws Exception {
        try (FlvFile file = FlvFile.read(Ffmpeg.clip("av-nobf", 6));
             ChunkedMedia media = new ChunkedMedia(file, CHUNK)) {
            // pass 0 carries the script tag; later ones add the loop duration; the last one needs extended timestamps
            long extendedPass = 0xFFFFFF / file.loopDuration() + 1;
            for (int pass : new int[] {0, 1, 2, (int) extendedPass}) {
                for (int streamId : new int[] {1, 7}) {
                    ChunkedPass p = media.pass(streamId, pass);
                    try {
                        assertThat(ByteBufUtil.hexDump(p.bytes()))
                                .as("pass %d, stream %d", pass, streamId)
                                .isEqualTo(ByteBufUtil.hexDump(encodedOneByOne(file, streamId, pass)));
                    } finally {
                        p.release();
                    }
                }
            }
        }
    }

    @Test
    void slicesDecodeBackToTheFileTagsWithShiftedTimestamps() throws Exception {
        try (FlvFile file = FlvFile.read(Ffmpeg.clip("av-nobf", 6));
             ChunkedMedia media = new ChunkedMedia(file, CHUNK)) {
            ChunkedPass p = media.pass(1, 1);
            EmbeddedChannel decoder = new EmbeddedChannel(new ChunkDecoder(RtmpLimits.CLIENT_MAX_MESSAGE_BYTES, 8));
            decoder.pipeline().get(ChunkDecoder.class).setChunkSize(CHUNK);
            try {
                // written as the replay writes them: a few messages per slice
                for (int from = 0; from < p.count(); from += 5) decoder.writeInbound(p.slice(from, Math.min(p.count(), from + 5)));
                int tag = 0;
                for (int m = 0; m < p.count(); m++) {
                    while (file.type(tag) == 18) tag++; // script data only in pass 0
                    RawMessage raw = decoder.readInbound();
                    ByteBuf body = file.body(tag);
                    try {
                        assertThat(raw.typeId()).isEqualTo(file.type(tag));
                        assertThat(raw.streamId()).isEqualTo(1);
                        assertThat(raw.timestamp()).isEqualTo(file.timestamp(tag) + file.loopDuration()).isEqualTo(p.due(m));
                        assertThat(ByteBufUtil.equals(raw.content(), body)).isTrue();
                    } finally {
                        raw.release();
                        body.release();
                    }
                    tag++;
                }
                assertThat((Object) decoder.readInbound()).isNull();
                assertThat(media.wireBitsPerSecond()).isCloseTo(p.bytes().readableBytes() * 8_000.0 / file.loopDuration(),
                        org.assertj.core.data.Percentage.withPercentage(0.01));
            } finally {
                p.release();
                decoder.finishAndReleaseAll();
            }
        }
    }

    /** What the replay sent before the chunks were made once: one message at a time through the encoders. */
    private static ByteBuf encodedOneByOne(FlvFile file, int streamId, int pass) {
        EmbeddedChannel ch = new EmbeddedChannel(new ChunkEncoder(), MessageEncoder.INSTANCE);
        ch.writeOutbound(new SetChunkSize(CHUNK));
        ((ByteBuf) ch.readOutbound()).release();
        boolean scriptSent = pass > 0;
        for (int i = 0; i < file.count(); i++) {
            long ts = (file.timestamp(i) + pass * file.loopDuration()) & 0xFFFFFFFFL;
            if (file.type(i) == 18) {
                if (scriptSent) continue;
                scriptSent = true;
                ch.writeOutbound(new RawMessage(5, 18, streamId, ts, file.body(i)));
            } else {
                ch.writeOutbound(new MediaMessage(file.type(i), streamId, ts, file.body(i)));
            }
        }
        ByteBuf all = Unpooled.buffer();
        for (ByteBuf b; (b = ch.readOutbound()) != null; b.release()) all.writeBytes(b);
        ch.finishAndReleaseAll();
        return all;
    }
}
