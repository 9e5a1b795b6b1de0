-- Values every node of a cluster must share (the playback URL signing key), generated once by the first node that
-- needs one; never a fixed default.
CREATE TABLE cluster_setting (
    setting_name  VARCHAR(64)   NOT NULL PRIMARY KEY,
    setting_value VARCHAR(1024) NOT NULL,
    created_ms    BIGINT        NOT NULL
);

-- Where the node that holds a spooled file (committed, upload pending) serves it: another node proxies /vod reads
-- of that file there until the upload is done.
ALTER TABLE record_files ADD COLUMN spool_url VARCHAR(512);
