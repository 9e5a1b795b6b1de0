package dev.liverec.record;

import dev.liverec.config.DbConfig;
import dev.liverec.db.Database;
import dev.liverec.media.MediaPacket;
import dev.liverec.record.output.FileNamer;
import dev.liverec.record.output.OutputFormat;
import dev.liverec.record.recovery.SessionJournal;
import dev.liverec.record.schedule.RecordScheduler;
import dev.liverec.record.session.RecordContext;
import dev.liverec.record.session.RecordEvents;
import dev.liverec.record.session.RecordMetrics;
import dev.liverec.storage.DiskSpace;
import dev.liverec.stream.LiveStream;
import dev.liverec.stream.StreamHub;
import dev.liverec.stream.StreamKey;
import dev.liverec.control.RecordFormat;
import dev.liverec.control.RecordParam;
import dev.liverec.control.RecordTask;
import dev.liverec.control.RecordTemplate;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.DefaultEventLoop;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** A recording engine with an in-memory plan and store, a real journal (H2) and a hub fed by test publishers. */
final class EngineFixture implements AutoCloseable {
    static final long ACCOUNT = 7;
    final Path dir;
    final Clock clock = Clock.systemUTC();
    final Database db;
    final StreamHub hub;
    final MemoryPlan plan = new MemoryPlan();
    final CollectingStore store;
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final RecordMetrics metrics = new RecordMetrics(registry);
    final List<String> events = new CopyOnWriteArrayList<>();
    final ExecutorService blocking = Executors.newFixedThreadPool(2);
    final ExecutorService writes = Executors.newFixedThreadPool(2);
    final DefaultEventLoop loop = new DefaultEventLoop();
    final RecordContext ctx;
    final RecordScheduler scheduler;

    EngineFixture(Path dir, Map<RecordFormat, OutputFormat> formats) {
        this(dir, formats, Database.open(memDb(), dir), new CollectingStore(dir));
    }

    EngineFixture(Path dir, Map<RecordFormat, OutputFormat> formats, Database db, CollectingStore store) {
        this(dir, formats, db, store, null);
    }

    /** @param disk where file writes run instead of the fixture's pool (a slow disk), or null */
    EngineFixture(Path dir, Map<RecordFormat, OutputFormat> formats, Database db, CollectingStore store,
                  java.util.concurrent.Executor disk) {
        this(dir, formats, db, store, disk, DiskSpace.unwatched());
    }

    /** @param space the free-space watch the scheduler follows (started by the caller) */
    EngineFixture(Path dir, Map<RecordFormat, OutputFormat> formats, Database db, CollectingStore store,
                  java.util.concurrent.Executor disk, DiskSpace space) {
        this.dir = dir;
        this.db = db;
        this.store = store;
        this.hub = new StreamHub(clock, StreamHub.ConflictPolicy.REFUSE, 8 << 20);
        RecordEvents ev = (spec, id, status, detail) -> events.add(spec.ownerId() + ":" + status + ":" + detail);
        ctx = new RecordContext(clock, store, new SessionJournal(db.jdbi()), blocking, disk != null ? disk : writes, metrics, ev,
                new FileNamer(FileNamer.DEFAULT_ZONE), new OutputFormat.OutputSettings(2000, 1000), "node-a", formats);
        scheduler = new RecordScheduler(ctx, plan, hub, Duration.ofMillis(200), space, db.jdbi());
        scheduler.start();
        plan.addListener(scheduler);
    }

    static DbConfig memDb() {
        DbConfig c = new DbConfig();
        c.url = "jdbc:h2:mem:rec" + UUID.randomUUID() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1";
        return c;
    }

    static Map<RecordFormat, OutputFormat> flvOnly() {
        Map<RecordFormat, OutputFormat> m = new EnumMap<>(RecordFormat.class);
        m.put(RecordFormat.FLV, new TestFlvFormat());
        return m;
    }

    static RecordTemplate template(long id, RecordFormat f, int interval) {
        Map<RecordFormat, RecordParam> p = new EnumMap<>(RecordFormat.class);
        for (RecordFormat x : RecordFormat.values()) p.put(x, RecordParam.disabled());
        p.put(f, new RecordParam(true, interval, 0, 0, null, null, null, null, null, null, null));
        return new RecordTemplate(id, ACCOUNT, "t" + id, "", p, 0, 0, null, null, null);
    }

    RecordTask task(String id, StreamKey key, Instant start, Instant end, long templateId) {
        return new RecordTask(id, ACCOUNT, key, start, end, templateId, 0, "", clock.instant(), null, null);
    }

    /** A publisher pushing clip frames into the hub on the test event loop. */
    final class Publisher {
        final LiveStream stream;
        private boolean headersSent;

        Publisher(StreamKey key) throws Exception {
            stream = hub.publish(key, 0, new InetSocketAddress("127.0.0.1", 1), "", loop, () -> {});
        }

        /**
         * Pushes frames with dts in [from, to) shifted by {@code shift}, paced at {@code speed}× real time
         * (0 = as fast as possible). Headers are always sent first.
         */
        void push(FlvClip clip, long from, long to, long shift, double speed) throws Exception {
            long t0 = System.nanoTime();
            for (FlvClip.Frame f : clip.frames) {
                if (!f.header() && (f.dts() < from || f.dts() >= to)) continue;
                if (f.header() && headersSent) continue;
                if (speed > 0) {
                    long due = (long) ((f.dts() - from) / speed * 1_000_000);
                    long wait = due - (System.nanoTime() - t0);
                    if (wait > 1_000_000) Thread.sleep(wait / 1_000_000);
                }
                MediaPacket p = f.packet(shift);
                loop.submit(() -> {
                    try {
                        stream.dispatch(p);
                    } finally {
                        p.release();
                    }
                }).sync();
            }
            headersSent = true;
        }

        /** Pushes [0, to) but waits after the first GOP until {@code sessions} recordings run (fast pushes). */
        void pushRecorded(FlvClip clip, long to, long shift, int sessions) throws Exception {
            push(clip, 0, 500, shift, 0);
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5))
                    .until(() -> metrics.active(RecordFormat.FLV) >= sessions);
            push(clip, 500, to, shift, 0);
        }

        /** Like {@link #pushRecorded} for any format. */
        void pushRecorded2(FlvClip clip, long to, long shift, RecordFormat f) throws Exception {
            push(clip, 0, 500, shift, 0);
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> metrics.active(f) >= 1);
            push(clip, 500, to, shift, 0);
        }

        void end() {
            hub.unpublish(stream);
        }
    }

    /** Simulates a crash: threads stop, nothing is flushed, closed or committed, the journal stays. */
    void crash() throws Exception {
        scheduler.abandon();
        blocking.shutdownNow();
        writes.shutdownNow();
        loop.shutdownGracefully(0, 0, java.util.concurrent.TimeUnit.SECONDS).sync();
    }

    @Override
    public void close() throws Exception {
        scheduler.close();
        blocking.shutdown();
        writes.shutdown();
        loop.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).sync();
        db.close();
    }
}
