package dev.liverec.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.liverec.config.CallbackConfig;
import dev.liverec.db.Wakeup;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Delivers the outbox: claims due rows, POSTs each as JSON with a fresh {@code t = now + signValidity} and
 * {@code sign = md5(key + t)}, and records the outcome. Only HTTP 200 counts as delivered (spec §5.2); anything
 * else (another status, a timeout, a refused connection, a target the {@link CallbackTargetPolicy} denies) schedules
 * the next attempt by the {@link CallbackRetrySchedule}; after the last one the row is {@code failed}, logged at ERROR
 * and counted, and stays listed for a manual retry. Rows left by a crash are simply due again.
 */
public final class CallbackSender implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CallbackSender.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PARALLEL = 8;

    private final CallbackOutbox outbox;
    private final CallbackConfig cfg;
    private final Clock clock;
    private final String owner;
    private final MeterRegistry metrics;
    private final HttpClient http;
    private final ExecutorService workers;
    private final Semaphore slots = new Semaphore(PARALLEL);
    private final Wakeup wakeup = new Wakeup();
    private volatile boolean running = true;
    private final Thread thread;
    private final CallbackRetrySchedule schedule;
    private final CallbackTargetPolicy targets;

    public CallbackSender(CallbackOutbox outbox, CallbackConfig cfg, Clock clock, String owner, MeterRegistry metrics) {
        this.outbox = outbox;
        this.cfg = cfg;
        this.clock = clock;
        this.owner = owner;
        this.metrics = metrics;
        this.schedule = new CallbackRetrySchedule(cfg);
        this.targets = new CallbackTargetPolicy(cfg.denyPrivateTargets);
        this.workers = Executors.newFixedThreadPool(PARALLEL, r -> {
            Thread t = new Thread(r, "liverec-callback");
            t.setDaemon(true);
            return t;
        });
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(Math.min(10, cfg.timeoutSeconds)))
                .followRedirects(HttpClient.Redirect.NEVER).build();
        this.thread = new Thread(this::run, "liverec-callback-sender");
        this.thread.setDaemon(true);
    }

    public void start() {
        LOG.info("callback retries: {} attempts over {} s", cfg.maxAttempts, schedule.coveredMillis() / 1000);
        thread.start();
    }

    /** Something new is due (called after an enqueue commits). */
    public void wakeUp() {
        wakeup.signal();
    }

    private void run() {
        while (running) {
            try {
                int free = slots.availablePermits();
                long now = clock.millis();
                // the lease outlives one attempt, so no other node takes a delivery that is still in flight here
                long lease = Math.max(cfg.leaseSeconds, cfg.timeoutSeconds + 15L) * 1000L;
                List<Delivery> due = outbox.claimDue(owner, now, now + lease, free);
                for (Delivery d : due) {
                    slots.acquireUninterruptibly();
                    workers.execute(() -> {
                        try {
                            attempt(d);
                        } finally {
                            slots.release();
                            wakeUp();
                        }
                    });
                }
                if (!due.isEmpty() && due.size() == free) continue;
            } catch (RuntimeException e) {
                LOG.warn("callback sender: {}", e.toString());
            }
            if (running && !wakeup.await(cfg.pollMillis)) return;
        }
    }

    /** One attempt of one claimed delivery. */
    void attempt(Delivery d) {
        long t = clock.instant().getEpochSecond() + cfg.signValiditySeconds;
        Integer status = null;
        String error;
        try {
            var refused = targets.refusal(URI.create(d.url()));
            if (refused.isPresent()) throw new java.net.ConnectException(refused.get());
            ObjectNode body = (ObjectNode) JSON.readTree(d.payload());
            body.put("sign", CallbackSigner.sign(d.callbackKey(), t));
            body.put("t", t);
            HttpRequest req = HttpRequest.newBuilder(URI.create(d.url()))
                    .timeout(Duration.ofSeconds(cfg.timeoutSeconds))
                    .header("Content-Type", "application/json")
                    .header("User-Agent", "liverec-callback")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body))).build();
            HttpResponse<Void> resp = http.send(req, HttpResponse.BodyHandlers.discarding());
            status = resp.statusCode();
            if (status == 200) {
                outbox.markDelivered(d.id(), owner, status, clock.millis());
                count(d, "delivered");
                LOG.info("callback {} ({} {}) delivered to {} on attempt {}", d.id(), d.eventName(), d.refId(),
                        d.url(), d.attempts() + 1);
                return;
            }
            error = "HTTP " + status;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            error = "interrupted";
        } catch (Exception e) {
            error = DeliveryError.describe(e, d.url());
        }
        int attempt = d.attempts() + 1;
        long delay = schedule.delayMillis(attempt);
        boolean last = attempt >= d.maxAttempts();
        try {
            outbox.markAttemptFailed(d.id(), owner, status, error, clock.millis() + delay);
        } catch (RuntimeException e) {
            LOG.warn("callback {}: could not record the failed attempt: {}", d.id(), e.toString());
        }
        count(d, last ? "failed" : "retry");
        if (last) {
            LOG.error("callback {} ({} {}) to {} failed on its last attempt {}/{}: {}; state failed, "
                    + "RetryCallbackDelivery sends it again", d.id(), d.eventName(), d.refId(), d.url(), attempt,
                    d.maxAttempts(), error);
            return;
        }
        LOG.warn("callback {} ({} {}) to {} failed on attempt {}/{}: {}{}", d.id(), d.eventName(), d.refId(), d.url(),
                attempt, d.maxAttempts(), error, "; next try in " + delay + " ms");
    }

    private void count(Delivery d, String result) {
        metrics.counter("liverec_callback_deliveries_total", "event", d.eventName(), "result", result).increment();
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        wakeUp();
        thread.join(5000);
        workers.shutdown();
        if (!workers.awaitTermination(5, TimeUnit.SECONDS)) workers.shutdownNow();
    }
}
