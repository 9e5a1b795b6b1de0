package dev.liverec.media.mp4;

import dev.liverec.media.Codec;
import dev.liverec.media.MediaPacket;
import dev.liverec.media.TrackType;
import io.netty.buffer.ByteBuf;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One track of a {@link FragmentedMp4Writer}: its codec configuration, and the samples waiting for the next fragment
 * (retained packets with their times in the track's timescale and their composition offsets).
 */
final class FragmentTrack {
    final int id;
    final Codec codec;
    final boolean isAudio;
    ByteBuf config;
    int width, height, sampleRate, channels, nominal;
    long timescale;
    boolean inMoov;
    final List<MediaPacket> pending = new ArrayList<>();
    long[] times = new long[256];
    int[] cts = new int[256];
    long lastDuration;
    long prevTime = Long.MIN_VALUE;

    FragmentTrack(int id, Codec codec) {
        this.id = id;
        this.codec = codec;
        this.isAudio = codec.track() == TrackType.AUDIO;
        this.timescale = isAudio ? 0 : FragmentedMp4Writer.VIDEO_TIMESCALE;
    }

    boolean configured() {
        return config != null || codec == Codec.MP3 && sampleRate > 0;
    }

    void add(MediaPacket p, long time, int ct) {
        int n = pending.size();
        if (n == times.length) {
            times = Arrays.copyOf(times, n * 2);
            cts = Arrays.copyOf(cts, n * 2);
        }
        times[n] = time;
        cts[n] = ct;
        pending.add(p.retain());
        prevTime = time;
    }

    void removeFirst(int n) {
        for (int i = 0; i < n; i++) pending.get(i).release();
        pending.subList(0, n).clear();
        System.arraycopy(times, n, times, 0, pending.size());
        System.arraycopy(cts, n, cts, 0, pending.size());
    }
}
