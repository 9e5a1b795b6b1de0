-- rtmp: forbidden streams (ForbidLiveStream / ResumeLiveStream) and the live streams each node announces.
CREATE TABLE live_stream_forbid (
    domain_name  VARCHAR(255)  NOT NULL,
    app_name     VARCHAR(255)  NOT NULL,
    stream_name  VARCHAR(255)  NOT NULL,
    account_id   BIGINT        NOT NULL,
    resume_at    BIGINT        NOT NULL, -- epoch ms; the ban ends then
    reason       VARCHAR(4096),
    created_at   BIGINT        NOT NULL,
    PRIMARY KEY (domain_name, app_name, stream_name)
);

CREATE TABLE live_stream_online (
    node_name    VARCHAR(255)  NOT NULL,
    domain_name  VARCHAR(255)  NOT NULL,
    app_name     VARCHAR(255)  NOT NULL,
    stream_name  VARCHAR(255)  NOT NULL,
    account_id   BIGINT        NOT NULL,
    sequence     VARCHAR(64)   NOT NULL,
    published_at BIGINT        NOT NULL, -- epoch ms
    PRIMARY KEY (node_name, domain_name, app_name, stream_name)
);
CREATE INDEX live_stream_online_key ON live_stream_online (domain_name, app_name, stream_name);
