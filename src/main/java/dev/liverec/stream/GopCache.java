package dev.liverec.stream;

import dev.liverec.media.Codec;
import dev.liverec.media.MediaPacket;
import io.netty.buffer.ByteBuf;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * The latest sequence headers and every packet since the last video keyframe, so that a reader joining a live
 * stream (a recording task created mid-stream) starts at once on a keyframe. Audio-only streams keep the last
 * {@code audioOnlyWindowMs} of audio. Bounded in bytes: past the cap the cache drops everything but the headers,
 * and a joining reader waits for the next keyframe. Under memory pressure the node may {@link #suspend} it (headers
 * kept, packets dropped until {@link #resume}). Its bytes count in the node's total. Confined to the stream's event
 * loop.
 *
 * <p>With {@link GopFiles}, a video GOP's payloads go to the stream's GOP file in batches (the page cache holds
 * them, not the process) and the cache keeps only each packet's timing and place in the file; a joining reader
 * gets the written part read back in one piece and the rest from the batches still in memory. If the file fails
 * (a full disk), the cache keeps its GOPs in memory from the next keyframe on.
 */
final class GopCache {
    private final long maxBytes;
    private final long audioOnlyWindowMs;
    private final LongAdder nodeBytes;
    private GopFiles files;
    private final ArrayDeque<MediaPacket> packets = new ArrayDeque<>(); // in memory: audio-only, or without files
    private final List<Spilled> spilled = new ArrayList<>(); // in the file: the current GOP
    private GopFiles.GopFile file;
    private GopFiles.Batch open; // being filled
    private long fileEnd;
    private MediaPacket videoHeader;
    private MediaPacket audioHeader;
    private long bytes;
    private boolean sawVideo;
    private boolean overflowed;
    private boolean suspended;

    /** A packet of the GOP whose payload went to the file (or still waits in {@code batch}, at {@code index}). */
    private record Spilled(Codec codec, long dts, long pts, boolean keyframe, long offset, int size,
                           GopFiles.Batch batch, int index) {}

    GopCache(long maxBytes, long audioOnlyWindowMs, LongAdder nodeBytes) {
        this(maxBytes, audioOnlyWindowMs, nodeBytes, null);
    }

    GopCache(long maxBytes, long audioOnlyWindowMs, LongAdder nodeBytes, GopFiles files) {
        this.maxBytes = maxBytes;
        this.audioOnlyWindowMs = audioOnlyWindowMs;
        this.nodeBytes = nodeBytes;
        this.files = files;
    }

    void add(MediaPacket p) {
        if (p.isSequenceHeader()) {
            if (p.isVideo()) videoHeader = replace(videoHeader, p);
            else audioHeader = replace(audioHeader, p);
            return;
        }
        if (suspended) return;
        if (p.isVideo()) {
            sawVideo = true;
            if (p.isKeyframe()) {
                clearPackets();
                overflowed = false;
            } else if (empty() || overflowed) {
                return; // no keyframe cached yet: a GOP tail is useless to a joining reader
            }
        } else if (!sawVideo) {
            while (!packets.isEmpty() && p.dts() - packets.peekFirst().dts() > audioOnlyWindowMs) {
                MediaPacket old = packets.pollFirst();
                count(-old.size());
                old.release();
            }
        } else if (empty() || overflowed) {
            return;
        }
        if (bytes + p.size() > maxBytes) {
            clearPackets();
            overflowed = true;
            return;
        }
        if (sawVideo && fileReady()) {
            if (file.failure() != null) { // this GOP is lost; the next one stays in memory
                clearPackets();
                overflowed = true;
                return;
            }
            count(p.size());
            spill(p); // counted first: handing the batch on may drop the whole GOP
        } else {
            packets.addLast(p.retain());
            count(p.size());
        }
    }

    private boolean empty() {
        return packets.isEmpty() && spilled.isEmpty();
    }

    /** Is there a GOP file to write to (opened at the first video GOP)? Never again once it failed. */
    private boolean fileReady() {
        if (files == null) return false;
        if (file == null) {
            try {
                file = files.open();
            } catch (IOException e) {
                GopFiles.LOG.warn("GOP cache file: cannot create one ({}); GOPs stay in memory", e.toString());
                files = null;
                return false;
            }
        }
        return true;
    }

    private void giveUpFile() {
        if (file != null) file.close();
        file = null;
        files = null;
    }

    private void spill(MediaPacket p) {
        if (open == null) open = files.new Batch(fileEnd);
        GopFiles.Batch batch = open;
        int index = batch.add(p.retain());
        spilled.add(new Spilled(p.codec(), p.dts(), p.pts(), p.isKeyframe(), fileEnd, p.size(), batch, index));
        fileEnd += p.size();
        if (batch.bytes() >= GopFiles.BATCH_BYTES) handOn();
    }

    /** The open batch goes to the writer, unless the writes are too far behind: then the GOP is dropped. */
    private void handOn() {
        if (files.congested()) {
            files.countDropped();
            clearPackets();
            overflowed = true;
            return;
        }
        file.write(open);
        open = null;
    }

    /** Drops the cached packets and caches none until {@link #resume}; the sequence headers stay. */
    void suspend() {
        suspended = true;
        clearPackets();
    }

    /** Caches again from the next keyframe on. */
    void resume() {
        if (!suspended) return;
        suspended = false;
        overflowed = true;
    }

    boolean suspended() { return suspended; }

    /** Sequence headers first, then the cached GOP in arrival order. */
    void replay(boolean withGop, Consumer<MediaPacket> sink) {
        if (videoHeader != null) sink.accept(videoHeader);
        if (audioHeader != null) sink.accept(audioHeader);
        if (!withGop) return;
        if (!spilled.isEmpty()) {
            if (file.failure() == null) replaySpilled(sink);
            return;
        }
        for (MediaPacket p : new ArrayList<>(packets)) sink.accept(p);
    }

    /**
     * The GOP's payloads that are written come back from the file in one read; the others from their batches,
     * pinned first (a batch may be written and let go meanwhile, on the writer thread).
     */
    private void replaySpilled(Consumer<MediaPacket> sink) {
        List<Spilled> gop = new ArrayList<>(spilled);
        Map<GopFiles.Batch, List<MediaPacket>> pinned = new IdentityHashMap<>();
        ByteBuf read = null;
        try {
            int readEnd = 0;
            for (Spilled s : gop) {
                List<MediaPacket> inMemory = pinned.get(s.batch());
                if (inMemory == null) pinned.put(s.batch(), inMemory = pinOrEmpty(s.batch()));
                if (inMemory.isEmpty()) readEnd = (int) Math.max(readEnd, s.offset() + s.size());
            }
            if (readEnd > 0) read = file.read(readEnd);
            for (Spilled s : gop) {
                List<MediaPacket> inMemory = pinned.get(s.batch());
                if (!inMemory.isEmpty()) {
                    sink.accept(inMemory.get(s.index()));
                    continue;
                }
                MediaPacket p = new MediaPacket(s.codec(), s.dts(), s.pts(), s.keyframe(), false,
                        read.retainedSlice((int) s.offset(), s.size()));
                try {
                    sink.accept(p);
                } finally {
                    p.release();
                }
            }
        } catch (IOException e) { // nothing of the GOP was given yet: the reader starts at the next keyframe
            GopFiles.LOG.warn("GOP cache file: cannot read the GOP back ({}); the reader starts at the next keyframe", e.toString());
        } finally {
            if (read != null) read.release();
            for (List<MediaPacket> l : pinned.values()) l.forEach(MediaPacket::release);
        }
    }

    private static List<MediaPacket> pinOrEmpty(GopFiles.Batch b) throws IOException {
        List<MediaPacket> l = b.pin();
        return l == null ? List.of() : l;
    }

    List<MediaPacket> headers() {
        List<MediaPacket> list = new ArrayList<>(2);
        if (videoHeader != null) list.add(videoHeader);
        if (audioHeader != null) list.add(audioHeader);
        return list;
    }

    long bytes() { return bytes; }

    /** The stream ended: everything goes, the file too. */
    void clear() {
        clearPackets();
        videoHeader = replace(videoHeader, null);
        audioHeader = replace(audioHeader, null);
        if (file != null) file.close();
        file = null;
    }

    private void clearPackets() {
        MediaPacket p;
        while ((p = packets.pollFirst()) != null) p.release();
        if (open != null) open.letGo(false); // batches handed on finish on their own
        open = null;
        spilled.clear();
        fileEnd = 0;
        if (file != null && file.failure() != null) giveUpFile(); // from this keyframe on, in memory
        count(-bytes);
    }

    private void count(long delta) {
        bytes += delta;
        nodeBytes.add(delta);
    }

    private static MediaPacket replace(MediaPacket old, MediaPacket next) {
        if (old != null) old.release();
        return next == null ? null : next.retain();
    }
}
