package dev.liverec.web;

import dev.liverec.memory.DirectBlockPool;
import dev.liverec.memory.JvmMemory;
import dev.liverec.record.output.DiskQueue;
import dev.liverec.record.output.WriteBuffers;
import dev.liverec.rtmp.chunk.PayloadBlocks;
import dev.liverec.stream.MemoryPressure;
import dev.liverec.stream.StreamHub;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/** The big terms of the node's memory (docs/memory.md) and where it stands against its budget. */
public final class MemoryMeters {
    private MemoryMeters() {}

    public static void bind(StreamHub hub, MemoryPressure pressure, JvmMemory jvm, MeterRegistry r) {
        Gauge.builder("liverec.gop.cache.bytes", hub, StreamHub::gopCacheBytes).baseUnit("bytes")
                .description("Media bytes held by the GOP caches of all live streams").register(r);
        Gauge.builder("liverec.gop.cache.memory.bytes", hub, h -> h.gopFiles() == null ? h.gopCacheBytes() : h.gopFiles().memoryBytes())
                .baseUnit("bytes")
                .description("Bytes of the GOP caches in memory (the rest is in their files, in the page cache)").register(r);
        FunctionCounter.builder("liverec.gop.cache.file.drops", hub, h -> h.gopFiles() == null ? 0 : h.gopFiles().droppedGops())
                .description("GOPs a cache dropped because its file writes were too far behind").register(r);
        Gauge.builder("liverec.write.queue.bytes", DiskQueue::queuedBytes).baseUnit("bytes")
                .description("Bytes handed to the file writers and not written yet").register(r);
        FunctionCounter.builder("liverec.write.queue.holds", DiskQueue.class, c -> DiskQueue.holds())
                .description("Outputs held (their publishers paused) because the bytes queued for the disk in total were past their bound").register(r);
        Gauge.builder("liverec.write.buffer.bytes", WriteBuffers::inUseBytes).baseUnit("bytes")
                .description("Direct memory of the file write buffers in use (filling, in flight)").register(r);
        Gauge.builder("liverec.payload.block.bytes", PayloadBlocks::inUseBytes).baseUnit("bytes")
                .description("Direct memory of the blocks small media payloads are packed in, in use").register(r);
        Gauge.builder("liverec.direct.block.idle.bytes", DirectBlockPool.SHARED, DirectBlockPool::idleBytes).baseUnit("bytes")
                .description("Direct memory of idle 32 KiB blocks kept for reuse as payload blocks or write buffers").register(r);
        Gauge.builder("liverec.direct.memory.used.bytes", jvm, JvmMemory::directUsed).baseUnit("bytes")
                .description("Direct memory in use (JDK direct buffers and Netty's own)").register(r);
        Gauge.builder("liverec.direct.memory.limit.bytes", jvm, JvmMemory::directMax).baseUnit("bytes")
                .description("The JVM's direct memory limit").register(r);
        Gauge.builder("liverec.memory.pressure.ratio", pressure, MemoryPressure::ratio)
                .description("The larger share of the heap (after GC) or direct limit in use at the last check").register(r);
        Gauge.builder("liverec.memory.level", pressure, p -> p.level().ordinal())
                .description("0 normal, 1 GOP caches of streams without tasks dropped, 2 refusing publishers").register(r);
        FunctionCounter.builder("liverec.memory.gop.caches.dropped", pressure, MemoryPressure::gopCachesDropped)
                .description("GOP caches of streams without tasks dropped for memory").register(r);
        FunctionCounter.builder("liverec.memory.publishes.refused", pressure, MemoryPressure::publishersRefused)
                .description("Publishers refused for memory").register(r);
    }
}
