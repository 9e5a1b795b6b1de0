package dev.liverec.storage;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.liverec.config.StorageConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What the object store cannot do to a node: a store that accepts connections and never answers fails each call
 * within the configured bounds; an upload the store kept differently is not counted as stored; nodes starting
 * together on an empty server both come up with a usable bucket.
 */
class S3StoreBoundsTest {
    private static final Logger LOG = LoggerFactory.getLogger(S3StoreBoundsTest.class);

    @TempDir
    Path tmp;

    private static StorageConfig config(String endpoint, String bucket) {
        StorageConfig sc = new StorageConfig();
        sc.type = "s3";
        sc.s3Endpoint = endpoint;
        sc.s3Bucket = bucket;
        sc.s3AccessKey = S3ProxyServer.ACCESS;
        sc.s3SecretKey = S3ProxyServer.SECRET;
        return sc;
    }

    private interface Call {
        void run() throws Exception;
    }

    /** Runs a call that must fail and returns how long it took to fail, in ms. */
    private static long failsWithin(String what, Call call) {
        long t0 = System.nanoTime();
        assertThatThrownBy(call::run).as(what).isNotNull();
        long ms = (System.nanoTime() - t0) / 1_000_000;
        LOG.info("hung object store: {} failed after {} ms", what, ms);
        return ms;
    }

    @Test
    void aStoreThatAcceptsAndNeverAnswersFailsEveryCallWithinItsBound() throws Exception {
        List<Socket> held = new CopyOnWriteArrayList<>();
        try (ServerSocket hung = new ServerSocket(0)) {
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) held.add(hung.accept()); // never reads, never answers
                } catch (IOException closed) {
                    // test over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            StorageConfig sc = config("http://127.0.0.1:" + hung.getLocalPort(), "records");
            sc.s3ConnectTimeoutMillis = 1000;
            sc.s3ReadTimeoutMillis = 1500;
            sc.s3CallTimeoutMillis = 3000;
            Path file = Files.write(tmp.resolve("f.flv"), new byte[64 * 1024]);
            try (S3Store store = new S3Store(sc, Clock.systemUTC())) {
                List<Long> took = new ArrayList<>();
                took.add(failsWithin("ensureBucket", store::ensureBucket));
                took.add(failsWithin("put (upload)", () -> store.put("a/f.flv", file)));
                took.add(failsWithin("size (HEAD of a /vod read)", () -> store.size("a/f.flv")));
                took.add(failsWithin("open (GET of a /vod read)", () -> store.open("a/f.flv", 0, 10).read()));
                long t0 = System.nanoTime();
                store.refreshHealth();
                took.add((System.nanoTime() - t0) / 1_000_000);
                assertThat(store.problem()).contains("does not answer");
                // the call bound (3 s) plus slack for a loaded machine; without bounds each call hangs for minutes
                assertThat(took).allMatch(ms -> ms < 8_000);
            }
        } finally {
            for (Socket s : held) s.close();
        }
    }

    @Test
    void anUploadTheStoreKeptDifferentlyIsNotStored() throws Exception {
        // an S3 look-alike that answers every PUT with 200 but keeps the upload framing inside the object
        HttpServer fake = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        AtomicInteger deletes = new AtomicInteger();
        byte[][] stored = new byte[1][];
        fake.createContext("/", ex -> {
            switch (ex.getRequestMethod()) {
                case "PUT" -> {
                    byte[] body = ex.getRequestBody().readAllBytes();
                    byte[] framed = ("10000;chunk-signature=00\r\n" + new String(body, StandardCharsets.ISO_8859_1)
                            + "\r\n0\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
                    stored[0] = framed;
                    ex.getResponseHeaders().add("ETag", "\"" + UploadDigest.hex(UploadDigest.md5(framed, framed.length)) + "\"");
                    ex.sendResponseHeaders(200, -1);
                }
                case "HEAD" -> {
                    ex.getResponseHeaders().add("Content-Length", Integer.toString(stored[0] == null ? 0 : stored[0].length));
                    ex.getResponseHeaders().add("ETag", "\"" + UploadDigest.hex(UploadDigest.md5(stored[0], stored[0].length)) + "\"");
                    ex.sendResponseHeaders(200, -1);
                }
                case "DELETE" -> {
                    deletes.incrementAndGet();
                    ex.sendResponseHeaders(204, -1);
                }
                default -> ex.sendResponseHeaders(405, -1);
            }
            ex.close();
        });
        fake.start();
        try (S3Store store = new S3Store(config("http://127.0.0.1:" + fake.getAddress().getPort(), "records"),
                Clock.systemUTC())) {
            Path file = Files.write(tmp.resolve("g.flv"), "the recorded bytes".getBytes(StandardCharsets.UTF_8));
            assertThatThrownBy(() -> store.put("a/g.flv", file)).isInstanceOf(IOException.class)
                    .hasMessageContaining("not verified");
            assertThat(deletes.get()).isEqualTo(1); // the bad object does not stay behind
        } finally {
            fake.stop(0);
        }
    }

    @Test
    void bucketCreatedByAnotherNodeAtTheSameMomentCountsAsReady() throws Exception {
        // HEAD says missing, CREATE says another request of ours just made it: the node is ready at once
        HttpServer fake = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        AtomicInteger heads = new AtomicInteger();
        fake.createContext("/", ex -> answerBucketRace(ex, heads));
        fake.start();
        try (S3Store store = new S3Store(config("http://127.0.0.1:" + fake.getAddress().getPort(), "records"),
                Clock.systemUTC())) {
            store.ensureBucket();
            assertThat(store.problem()).isNull();
        } finally {
            fake.stop(0);
        }
    }

    private static void answerBucketRace(HttpExchange ex, AtomicInteger heads) throws IOException {
        if (ex.getRequestMethod().equals("HEAD")) {
            ex.sendResponseHeaders(heads.getAndIncrement() == 0 ? 404 : 200, -1);
        } else if (ex.getRequestMethod().equals("PUT")) {
            ex.getRequestBody().readAllBytes();
            byte[] body = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>BucketAlreadyOwnedByYou</Code>"
                    + "<Message>yours already</Message></Error>").getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/xml");
            ex.sendResponseHeaders(409, body.length);
            ex.getResponseBody().write(body);
        } else {
            ex.sendResponseHeaders(405, -1);
        }
        ex.close();
    }

    @Test
    void twoNodesStartingTogetherOnAnEmptyServerBothGetTheBucket() throws Exception {
        try (S3ProxyServer s3 = new S3ProxyServer(tmp.resolve("s3"))) {
            s3.start();
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                for (int round = 0; round < 4; round++) {
                    String bucket = "race" + round;
                    CountDownLatch go = new CountDownLatch(1);
                    List<Future<String>> nodes = new ArrayList<>();
                    for (int n = 0; n < 2; n++) {
                        nodes.add(pool.submit(() -> {
                            try (S3Store store = new S3Store(config(s3.endpoint(), bucket), Clock.systemUTC())) {
                                go.await();
                                store.ensureBucket();
                                return String.valueOf(store.problem());
                            }
                        }));
                    }
                    go.countDown();
                    for (Future<String> f : nodes) assertThat(f.get()).isEqualTo("null");
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }
}
