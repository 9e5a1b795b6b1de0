package dev.liverec.storage;

import dev.liverec.config.StorageConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An S3-compatible bucket (AWS, MinIO, Ceph, S3Proxy...): path-style addressing, checksums only when required (many
 * S3-compatible servers reject the SDK's default trailing checksums), multipart uploads for large files. Health is
 * a HeadBucket answer cached for {@code healthRefreshSeconds}. Every call is bounded by the configured connect,
 * read and call timeouts (a store that accepts and never answers fails the call, it does not hang it), and every
 * upload is verified ({@link UploadDigest}: Content-MD5 on each request, then a HEAD compare of size and ETag)
 * before {@link #put} returns.
 */
public final class S3Store implements FileStore, ObjectBucket, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(S3Store.class);

    private final S3Client s3;
    private final String bucket;
    private final long multipartThreshold;
    private final long partSize;
    private final Clock clock;
    private final Duration healthTtl;
    private final java.util.concurrent.atomic.AtomicLong partsUploaded = new java.util.concurrent.atomic.AtomicLong();
    private volatile String problem = "not checked yet";
    private volatile long checkedAtMillis = Long.MIN_VALUE;

    public S3Store(StorageConfig cfg, Clock clock) {
        if (cfg.s3Bucket == null || cfg.s3Bucket.isBlank()) throw new IllegalArgumentException("storage.s3Bucket is required");
        var b = S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofMillis(Math.max(1, cfg.s3ConnectTimeoutMillis)))
                        .socketTimeout(Duration.ofMillis(Math.max(1, cfg.s3ReadTimeoutMillis))))
                .overrideConfiguration(o -> o.apiCallTimeout(Duration.ofMillis(Math.max(1, cfg.s3CallTimeoutMillis))))
                .region(Region.of(cfg.s3Region == null ? "us-east-1" : cfg.s3Region))
                .forcePathStyle(cfg.s3PathStyle)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .credentialsProvider(cfg.s3AccessKey != null
                        ? StaticCredentialsProvider.create(AwsBasicCredentials.create(cfg.s3AccessKey, cfg.s3SecretKey))
                        : DefaultCredentialsProvider.builder().build());
        if (cfg.s3Endpoint != null && !cfg.s3Endpoint.isBlank()) b.endpointOverride(URI.create(cfg.s3Endpoint));
        this.s3 = b.build();
        this.bucket = cfg.s3Bucket;
        this.partSize = Math.max(5L << 20, cfg.s3PartSizeBytes);
        this.multipartThreshold = Math.max(partSize, cfg.s3MultipartThresholdBytes);
        this.clock = clock;
        this.healthTtl = Duration.ofSeconds(Math.max(1, cfg.healthRefreshSeconds));
    }

    @Override
    public String kind() { return "s3"; }

    public String bucket() { return bucket; }

    /**
     * Creates the bucket when missing (first start against an empty server). Nodes starting together race for it:
     * "already owned by you" / "already exists" count as success when the bucket then answers a HEAD (it is ours).
     */
    public void ensureBucket() {
        try {
            s3.headBucket(r -> r.bucket(bucket));
        } catch (S3Exception e) {
            if (e.statusCode() != 404) throw e;
            LOG.info("creating bucket {}", bucket);
            try {
                s3.createBucket(r -> r.bucket(bucket));
            } catch (S3Exception race) {
                if (race.statusCode() != 409) throw race;
                LOG.info("bucket {} was created at the same moment by another node: {}", bucket,
                        race.awsErrorDetails() == null ? race.statusCode() : race.awsErrorDetails().errorCode());
                s3.headBucket(r -> r.bucket(bucket));
            }
        }
        refreshHealth();
    }

    @Override
    public void put(String key, Path source) throws IOException {
        try (FileChannel ch = FileChannel.open(source, StandardOpenOption.READ)) {
            long size = ch.size();
            List<String> etags;
            if (size < multipartThreshold) {
                byte[] md5 = UploadDigest.md5(source);
                s3.putObject(r -> r.bucket(bucket).key(key).contentLength(size).contentMD5(UploadDigest.base64(md5)),
                        RequestBody.fromFile(source));
                etags = List.of(UploadDigest.hex(md5));
            } else {
                etags = putMultipart(key, ch, size);
            }
            var head = s3.headObject(r -> r.bucket(bucket).key(key));
            try {
                UploadDigest.verify(key, size, etags, head.contentLength(), head.eTag());
            } catch (IOException bad) {
                deleteQuietly(key, bad);
                throw bad;
            }
        } catch (S3Exception | software.amazon.awssdk.core.exception.SdkClientException e) {
            throw new IOException("upload of " + key + " failed: " + e.getMessage(), e);
        }
    }

    private void deleteQuietly(String key, IOException cause) {
        try {
            s3.deleteObject(r -> r.bucket(bucket).key(key));
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
        }
    }

    /** @return the ETags the completed upload may have */
    private List<String> putMultipart(String key, FileChannel ch, long size) throws IOException {
        String uploadId = s3.createMultipartUpload(r -> r.bucket(bucket).key(key)).uploadId();
        try {
            List<CompletedPart> parts = new ArrayList<>();
            UploadDigest digest = new UploadDigest();
            ByteBuffer buf = ByteBuffer.allocate((int) partSize);
            int partNo = 0;
            for (long off = 0; off < size; off += partSize) {
                buf.clear();
                int len = (int) Math.min(partSize, size - off);
                buf.limit(len);
                while (buf.hasRemaining()) {
                    if (ch.read(buf, off + buf.position()) < 0) throw new IOException("file shrank during upload");
                }
                int n = ++partNo;
                byte[] md5 = digest.addPart(buf.array(), len);
                String etag = s3.uploadPart(r -> r.bucket(bucket).key(key).uploadId(uploadId).partNumber(n)
                        .contentLength((long) len).contentMD5(UploadDigest.base64(md5)),
                        RequestBody.fromBytes(java.util.Arrays.copyOf(buf.array(), len))).eTag();
                parts.add(CompletedPart.builder().partNumber(n).eTag(etag).build());
                partsUploaded.incrementAndGet();
                if (n % 8 == 0 || off + len == size) {
                    LOG.info("upload {}: part {} done ({} of {} bytes)", key, n, off + len, size);
                }
            }
            s3.completeMultipartUpload(r -> r.bucket(bucket).key(key).uploadId(uploadId)
                    .multipartUpload(m -> m.parts(parts)));
            return digest.multipartEtags();
        } catch (RuntimeException | IOException e) {
            try {
                s3.abortMultipartUpload(r -> r.bucket(bucket).key(key).uploadId(uploadId));
            } catch (RuntimeException abort) {
                e.addSuppressed(abort);
            }
            throw e;
        }
    }

    @Override
    public long size(String key) throws IOException {
        try {
            return s3.headObject(r -> r.bucket(bucket).key(key)).contentLength();
        } catch (NoSuchKeyException e) {
            throw new NoSuchFileException(key);
        } catch (S3Exception e) {
            if (e.statusCode() == 404) throw new NoSuchFileException(key);
            throw new IOException("HEAD " + key + ": " + e.getMessage(), e);
        } catch (software.amazon.awssdk.core.exception.SdkClientException e) {
            throw new IOException("HEAD " + key + ": " + e.getMessage(), e);
        }
    }

    /** Parts the server accepted in multipart uploads so far (operations insight, tests). */
    public long partsUploaded() { return partsUploaded.get(); }

    @Override
    public InputStream open(String key, long offset, long length) throws IOException {
        if (length <= 0) return InputStream.nullInputStream();
        try {
            return s3.getObject(r -> r.bucket(bucket).key(key).range("bytes=" + offset + "-" + (offset + length - 1)));
        } catch (NoSuchKeyException e) {
            throw new NoSuchFileException(key);
        } catch (S3Exception | software.amazon.awssdk.core.exception.SdkClientException e) {
            throw new IOException("GET " + key + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void delete(String key) throws IOException {
        try {
            s3.deleteObject(r -> r.bucket(bucket).key(key));
        } catch (S3Exception | software.amazon.awssdk.core.exception.SdkClientException e) {
            throw new IOException("DELETE " + key + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void putBytes(String key, byte[] bytes) throws IOException {
        try {
            s3.putObject(r -> r.bucket(bucket).key(key).contentLength((long) bytes.length), RequestBody.fromBytes(bytes));
        } catch (S3Exception | software.amazon.awssdk.core.exception.SdkClientException e) {
            throw new IOException("upload of " + key + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public List<String> list(String prefix) throws IOException {
        try {
            List<String> keys = new ArrayList<>();
            s3.listObjectsV2Paginator(r -> r.bucket(bucket).prefix(prefix)).contents().forEach(o -> keys.add(o.key()));
            keys.sort(null);
            return keys;
        } catch (S3Exception | software.amazon.awssdk.core.exception.SdkClientException e) {
            throw new IOException("LIST " + prefix + ": " + e.getMessage(), e);
        }
    }

    @Override
    public byte[] read(String key) throws IOException {
        try {
            return s3.getObjectAsBytes(r -> r.bucket(bucket).key(key)).asByteArray();
        } catch (NoSuchKeyException e) {
            throw new NoSuchFileException(key);
        } catch (S3Exception | software.amazon.awssdk.core.exception.SdkClientException e) {
            throw new IOException("GET " + key + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<Path> localPath(String key) {
        return Optional.empty();
    }

    @Override
    public boolean usable() {
        return problem() == null;
    }

    @Override
    public String problem() {
        long now = clock.millis();
        // the module refreshes every TTL; only a stale answer (no refresher running) is refreshed inline
        if (checkedAtMillis == Long.MIN_VALUE || now - checkedAtMillis >= 2 * healthTtl.toMillis()) refreshHealth();
        return problem;
    }

    /** Asks the bucket now (also called periodically by the module so {@link #problem} rarely blocks). */
    public void refreshHealth() {
        String p;
        try {
            s3.headBucket(r -> r.bucket(bucket));
            p = null;
        } catch (RuntimeException e) {
            p = "object store bucket " + bucket + " does not answer: " + e.getMessage();
        }
        if (p != null && problem == null) LOG.warn("{}", p);
        if (p == null && problem != null) LOG.info("object store bucket {} is reachable", bucket);
        problem = p;
        checkedAtMillis = clock.millis();
    }

    @Override
    public void close() {
        s3.close();
    }

    @Override
    public String toString() {
        return "S3Store[" + bucket + "]";
    }
}
