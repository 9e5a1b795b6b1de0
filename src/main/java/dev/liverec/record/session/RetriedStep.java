package dev.liverec.record.session;

import dev.liverec.db.DatabaseOutage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * One blocking step of a recording (finishing a file, its commit, the journal cleanup) on the engine's blocking
 * executor. A repeatable step that failed because the database was unreachable ({@link DatabaseOutage}) runs
 * again after a backoff ({@value #FIRST_DELAY_MS} ms doubling to {@value #MAX_DELAY_MS} ms) until it succeeds,
 * without holding a thread in between: its files wait in the work directory and the journal row stays, so a
 * restart meanwhile recovers them as after a crash. The future completes normally either way.
 */
final class RetriedStep {
    private static final Logger LOG = LoggerFactory.getLogger(RetriedStep.class);
    static final long FIRST_DELAY_MS = 500;
    static final long MAX_DELAY_MS = 5_000;

    interface Body {
        void run() throws Exception;
    }

    interface Failure {
        void failed(Exception e);
    }

    private final String what;
    private final boolean repeatable;
    private final Body body;
    private final Failure failure;
    private final Executor blocking;
    private final Runnable retried;
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private int attempts;

    /** @param retried counts each retry (metrics) */
    RetriedStep(String what, boolean repeatable, Body body, Failure failure, Executor blocking, Runnable retried) {
        this.what = what;
        this.repeatable = repeatable;
        this.body = body;
        this.failure = failure;
        this.blocking = blocking;
        this.retried = retried;
    }

    CompletableFuture<Void> start() {
        submit();
        return done;
    }

    private void submit() {
        try {
            blocking.execute(this::attempt);
        } catch (RejectedExecutionException e) { // the engine is closing: the journal row keeps it for the next start
            failure.failed(new IllegalStateException(what + ": the recording engine closed before it ran", e));
            done.complete(null);
        }
    }

    private void attempt() {
        attempts++;
        try {
            body.run();
            if (attempts > 1) LOG.info("{}: done after {} attempts", what, attempts);
            done.complete(null);
        } catch (Exception e) {
            if (!repeatable || !DatabaseOutage.isCause(e)) {
                failure.failed(e);
                done.complete(null);
                return;
            }
            long delay = delayMillis(attempts);
            if (attempts == 1 || attempts % 10 == 0) {
                LOG.warn("{}: the database is unreachable (attempt {}), retrying every {} ms at most: {}", what,
                        attempts, MAX_DELAY_MS, e.toString());
            }
            retried.run();
            CompletableFuture.delayedExecutor(delay, TimeUnit.MILLISECONDS).execute(this::submit);
        }
    }

    static long delayMillis(int attempts) {
        return Math.min(MAX_DELAY_MS, FIRST_DELAY_MS << Math.min(16, attempts - 1));
    }
}
