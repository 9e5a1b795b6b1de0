-- Recordings in progress per node, for crash recovery (rows live from the first byte to the last commit).
CREATE TABLE record_session (
    recording_id  VARCHAR(64)   NOT NULL PRIMARY KEY,
    node          VARCHAR(255)  NOT NULL,
    account_id    BIGINT        NOT NULL,
    task_id       VARCHAR(128),
    owner_id      VARCHAR(160)  NOT NULL,
    template_id   BIGINT        NOT NULL,
    stream_domain VARCHAR(255)  NOT NULL,
    stream_app    VARCHAR(255)  NOT NULL,
    stream_name   VARCHAR(255)  NOT NULL,
    format        VARCHAR(16)   NOT NULL,
    work_dir      VARCHAR(1024) NOT NULL,
    file_name     VARCHAR(255)  NOT NULL,
    started_at    BIGINT        NOT NULL
);
CREATE INDEX record_session_node ON record_session (node);
