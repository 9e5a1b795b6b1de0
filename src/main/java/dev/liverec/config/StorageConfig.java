package dev.liverec.config;

/** Where finished recordings go: local disk (default) or an S3-compatible object store. */
public class StorageConfig {
    /** local | s3 */
    public String type = "local";
    /** Local store root; default DATA_DIR/records. */
    public String localDir;
    public String s3Endpoint;
    public String s3Region = "us-east-1";
    public String s3Bucket;
    public String s3AccessKey;
    public String s3SecretKey;
    public boolean s3PathStyle = true;
}
