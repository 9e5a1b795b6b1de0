package dev.liverec.rtmp.server;

import io.netty.channel.IoHandle;
import io.netty.channel.IoHandler;
import io.netty.channel.IoHandlerContext;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.IoRegistration;

import java.util.concurrent.locks.LockSupport;

/**
 * Lets socket readiness pile up for a moment before the event loop asks the kernel for it. Hundreds of publishers
 * each send a few kilobytes every few milliseconds; woken per arrival, an event loop spends more time being
 * scheduled than decoding. Pausing up to {@code batchNanos} before a wait that would block lets one wait return
 * many ready sockets. Ingest tolerates the added latency (at most the pause); the pause never runs past the
 * next scheduled task, and is skipped when tasks are queued.
 */
final class BatchingIoHandler implements IoHandler {
    private final IoHandler delegate;
    private final long batchNanos;

    private BatchingIoHandler(IoHandler delegate, long batchNanos) {
        this.delegate = delegate;
        this.batchNanos = batchNanos;
    }

    /** {@code factory}'s handlers, batching for {@code batchMicros} (0: the factory as is). */
    static IoHandlerFactory wrap(IoHandlerFactory factory, int batchMicros) {
        if (batchMicros <= 0) return factory;
        long nanos = batchMicros * 1000L;
        return new IoHandlerFactory() {
            @Override
            public IoHandler newHandler(io.netty.util.concurrent.ThreadAwareExecutor executor) {
                return new BatchingIoHandler(factory.newHandler(executor), nanos);
            }

            @Override
            public boolean isChangingThreadSupported() {
                return factory.isChangingThreadSupported();
            }
        };
    }

    @Override
    public int run(IoHandlerContext context) {
        if (context.canBlock()) {
            long pause = Math.min(batchNanos, context.delayNanos(System.nanoTime()));
            if (pause > 0) LockSupport.parkNanos(pause);
        }
        return delegate.run(context);
    }

    @Override
    public void initialize() { delegate.initialize(); }

    @Override
    public void prepareToDestroy() { delegate.prepareToDestroy(); }

    @Override
    public void destroy() { delegate.destroy(); }

    @Override
    public IoRegistration register(IoHandle handle) throws Exception { return delegate.register(handle); }

    @Override
    public void wakeup() { delegate.wakeup(); }

    @Override
    public boolean isCompatible(Class<? extends IoHandle> handleType) { return delegate.isCompatible(handleType); }
}
