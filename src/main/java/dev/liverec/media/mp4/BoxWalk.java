package dev.liverec.media.mp4;

import io.netty.buffer.ByteBuf;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Finding boxes inside a buffer that holds a whole MP4 (or a box of it): each result is {@code [payloadStart, end)}
 * as absolute indexes. Lenient: a box whose size does not fit ends the walk of its level.
 */
final class BoxWalk {
    private BoxWalk() {}

    static int[] find(ByteBuf b, int from, int to, String type) {
        List<int[]> all = findAll(b, from, to, type, true);
        return all.isEmpty() ? null : all.get(0);
    }

    static List<int[]> findAll(ByteBuf b, int from, int to, String type) {
        return findAll(b, from, to, type, false);
    }

    private static List<int[]> findAll(ByteBuf b, int from, int to, String type, boolean first) {
        List<int[]> out = new ArrayList<>();
        long i = from;
        while (i + 8 <= to) {
            long len = b.getUnsignedInt((int) i);
            int header = 8;
            if (len == 1 && i + 16 <= to) {
                len = b.getLong((int) i + 8);
                header = 16;
            } else if (len == 0) {
                len = to - i; // to the end
            }
            if (len < header || i + len > to) break;
            if (type(b, (int) i + 4).equals(type)) {
                out.add(new int[]{(int) i + header, (int) (i + len)});
                if (first) break;
            }
            i += len;
        }
        return out;
    }

    /** The box reached by {@code types} from {@code box}'s payload, or null. */
    static int[] path(ByteBuf b, int[] box, String... types) {
        int[] at = box;
        for (String t : types) {
            at = find(b, at[0], at[1], t);
            if (at == null) return null;
        }
        return at;
    }

    static String type(ByteBuf b, int i) {
        return b.toString(i, 4, StandardCharsets.ISO_8859_1);
    }
}
