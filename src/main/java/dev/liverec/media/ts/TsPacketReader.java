package dev.liverec.media.ts;

import io.netty.buffer.ByteBuf;

/**
 * Reading TS packet headers and the PMT (ISO/IEC 13818-1 §2.4.3.2, §2.4.4.8) of a finished segment, for the two
 * walkers over files: {@link TsRecovery} (where a cut segment ends) and {@code media.probe.TsProbe} (its codecs).
 * Offsets are absolute indexes into the buffer; nothing is consumed.
 */
public final class TsPacketReader {
    /** Called for each elementary stream of a PMT. */
    public interface StreamVisitor {
        void stream(int streamType, int pid);
    }

    private TsPacketReader() {}

    public static boolean sync(ByteBuf b, int packet) {
        return b.getByte(packet) == 0x47;
    }

    /** payload_unit_start_indicator: a PES or a section starts in this packet. */
    public static boolean payloadStart(ByteBuf b, int packet) {
        return (b.getByte(packet + 1) & 0x40) != 0;
    }

    public static int pid(ByteBuf b, int packet) {
        return ((b.getByte(packet + 1) & 0x1F) << 8) | (b.getByte(packet + 2) & 0xFF);
    }

    /** Index of the packet's payload, after any adaptation field; -1 when it carries none. */
    public static int payload(ByteBuf b, int packet) {
        int afc = (b.getByte(packet + 3) >> 4) & 3;
        if (afc == 0 || afc == 2) return -1;
        int p = packet + 4;
        if (afc == 3) p += 1 + (b.getByte(p) & 0xFF);
        return p < packet + TsMuxer.PACKET_SIZE ? p : -1;
    }

    /** The elementary streams of the PMT section that starts (after its pointer_field) at {@code payload}. */
    public static void pmtStreams(ByteBuf b, int payload, int end, StreamVisitor visitor) {
        int section = payload + 1 + (b.getByte(payload) & 0xFF);
        if (section + 12 > end) return;
        int sectionLength = b.getUnsignedShort(section + 1) & 0x0FFF;
        int programInfo = b.getUnsignedShort(section + 10) & 0x0FFF;
        int i = section + 12 + programInfo;
        int stop = Math.min(end, section + 3 + sectionLength - 4); // before the CRC
        while (i + 5 <= stop) {
            visitor.stream(b.getUnsignedByte(i), b.getUnsignedShort(i + 1) & 0x1FFF);
            i += 5 + (b.getUnsignedShort(i + 3) & 0x0FFF);
        }
    }
}
