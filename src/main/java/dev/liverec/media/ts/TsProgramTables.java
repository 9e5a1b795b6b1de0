package dev.liverec.media.ts;

import dev.liverec.media.Codec;
import io.netty.buffer.ByteBuf;

/**
 * The PSI tables of a one-program stream (ISO/IEC 13818-1 §2.4.4): a PAT pointing at {@link TsMuxer#PMT_PID}, and
 * a PMT whose streams are fixed by the muxer's codecs (H.264 0x1B / HEVC 0x24 on the video PID, AAC in ADTS 0x0F /
 * MPEG audio 0x03 on the audio PID), the PCR on video when there is video. One TS packet each, with its CRC.
 */
final class TsProgramTables {
    private TsProgramTables() {}

    /** Appends PAT and PMT to {@code out}, taking continuity counters from {@code counters}. */
    static void write(ByteBuf out, TsPacketizer counters, Codec videoCodec, Codec audioCodec) {
        section(out, counters, 0, () -> {
            out.writeByte(0x00); // table_id
            int lenAt = out.writerIndex();
            out.writeShort(0);
            out.writeShort(1); // transport_stream_id
            out.writeByte(0xC1); // version 0, current
            out.writeByte(0).writeByte(0);
            out.writeShort(1); // program_number
            out.writeShort(0xE000 | TsMuxer.PMT_PID);
            return lenAt;
        });
        section(out, counters, TsMuxer.PMT_PID, () -> {
            out.writeByte(0x02);
            int lenAt = out.writerIndex();
            out.writeShort(0);
            out.writeShort(1); // program_number
            out.writeByte(0xC1);
            out.writeByte(0).writeByte(0);
            out.writeShort(0xE000 | (videoCodec != null ? TsMuxer.VIDEO_PID : TsMuxer.AUDIO_PID)); // PCR PID
            out.writeShort(0xF000); // program_info_length 0
            if (videoCodec != null) {
                out.writeByte(videoCodec == Codec.HEVC ? 0x24 : 0x1B);
                out.writeShort(0xE000 | TsMuxer.VIDEO_PID);
                out.writeShort(0xF000);
            }
            if (audioCodec != null) {
                // MPEG-1 audio for MP3; decoders accept MPEG-2 LSF frames under it too
                out.writeByte(audioCodec == Codec.AAC ? 0x0F : 0x03);
                out.writeShort(0xE000 | TsMuxer.AUDIO_PID);
                out.writeShort(0xF000);
            }
            return lenAt;
        });
    }

    /** Writes the body and returns the index of its section_length field. */
    private interface SectionBody {
        int write();
    }

    private static void section(ByteBuf out, TsPacketizer counters, int pid, SectionBody body) {
        int start = out.writerIndex();
        out.writeByte(0x47);
        out.writeByte(0x40 | (pid >> 8));
        out.writeByte(pid & 0xFF);
        out.writeByte(0x10 | counters.nextCc(pid));
        out.writeByte(0); // pointer_field
        int sectionStart = out.writerIndex();
        int lenAt = body.write();
        int sectionLength = out.writerIndex() - lenAt - 2 + 4;
        out.setShort(lenAt, 0xB000 | sectionLength);
        out.writeInt(Crc32Mpeg.compute(out, sectionStart, out.writerIndex()));
        while (out.writerIndex() - start < TsMuxer.PACKET_SIZE) out.writeByte(0xFF);
    }
}
