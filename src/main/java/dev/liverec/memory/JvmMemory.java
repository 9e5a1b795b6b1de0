package dev.liverec.memory;

import com.sun.management.GarbageCollectionNotificationInfo;
import io.netty.util.internal.PlatformDependent;

import javax.management.ListenerNotFoundException;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What the JVM uses of its two limits: direct memory (the JDK's direct buffers plus Netty's own count when it
 * allocates without cleaners) against {@code -XX:MaxDirectMemorySize}, and the heap as the last collection left it
 * (a count between collections would mostly be garbage) against {@code -Xmx}.
 */
public final class JvmMemory implements AutoCloseable {
    private final BufferPoolMXBean directPool = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
            .filter(p -> p.getName().equals("direct")).findFirst().orElse(null);
    private final Set<String> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(p -> p.getType() == MemoryType.HEAP).map(p -> p.getName()).collect(Collectors.toSet());
    private final List<NotificationEmitter> emitters = new ArrayList<>();
    private final NotificationListener onGc = (n, handback) -> {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) return;
        var info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
        long used = 0;
        for (var e : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
            if (heapPools.contains(e.getKey())) used += e.getValue().getUsed();
        }
        heapAfterGc = used;
    };
    private volatile long heapAfterGc = -1;

    public JvmMemory() {
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter e) {
                e.addNotificationListener(onGc, null, null);
                emitters.add(e);
            }
        }
    }

    /** Direct memory in use now. */
    public long directUsed() {
        long jdk = directPool == null ? 0 : directPool.getMemoryUsed();
        return jdk + Math.max(0, PlatformDependent.usedDirectMemory());
    }

    public long directMax() {
        return PlatformDependent.maxDirectMemory();
    }

    /** The heap the last collection left in use (before the first one: the heap in use now). */
    public long heapUsed() {
        long after = heapAfterGc;
        if (after >= 0) return after;
        MemoryUsage u = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        return u.getUsed();
    }

    public long heapMax() {
        return Runtime.getRuntime().maxMemory();
    }

    /** The larger of the two shares in use, 0..1. */
    public double ratio() {
        return Math.max((double) directUsed() / directMax(), (double) heapUsed() / heapMax());
    }

    /** "direct 80 of 115 MiB, heap 40 of 141 MiB". */
    public String describe() {
        return "direct " + MemoryBudget.mib(directUsed()) + " of " + MemoryBudget.mib(directMax()) + " MiB, heap "
                + MemoryBudget.mib(heapUsed()) + " of " + MemoryBudget.mib(heapMax()) + " MiB";
    }

    @Override
    public void close() {
        for (NotificationEmitter e : emitters) {
            try {
                e.removeNotificationListener(onGc);
            } catch (ListenerNotFoundException ignored) {
                // already gone
            }
        }
    }
}
