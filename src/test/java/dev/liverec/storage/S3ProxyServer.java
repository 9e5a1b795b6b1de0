package dev.liverec.storage;

import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;

import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/** A real S3 server in-process (S3Proxy over the filesystem-nio2 provider), stoppable and restartable on one port. */
public final class S3ProxyServer implements AutoCloseable {
    public static final String ACCESS = "liverec-access";
    public static final String SECRET = "liverec-secret-key";

    private final Path dir;
    private final int port;
    private BlobStoreContext context;
    private S3Proxy proxy;

    public S3ProxyServer(Path dir) throws Exception {
        this(dir, freePort());
    }

    public S3ProxyServer(Path dir, int port) throws Exception {
        this.dir = Files.createDirectories(dir);
        this.port = port;
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    public String endpoint() { return "http://127.0.0.1:" + port; }

    public synchronized void start() throws Exception {
        Properties props = new Properties();
        props.setProperty("jclouds.filesystem.basedir", dir.toString());
        context = ContextBuilder.newBuilder("filesystem-nio2").credentials(ACCESS, SECRET).overrides(props)
                .build(BlobStoreContext.class);
        proxy = S3Proxy.builder().blobStore(context.getBlobStore()).endpoint(URI.create(endpoint()))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS, SECRET).build();
        proxy.start();
        for (int i = 0; i < 500 && !"STARTED".equals(proxy.getState()); i++) Thread.sleep(10);
        if (!"STARTED".equals(proxy.getState())) throw new IllegalStateException("S3Proxy did not start: " + proxy.getState());
    }

    public synchronized void stop() throws Exception {
        if (proxy != null) {
            proxy.stop();
            proxy = null;
        }
        if (context != null) {
            context.close();
            context = null;
        }
    }

    @Override
    public void close() throws Exception {
        stop();
    }
}
