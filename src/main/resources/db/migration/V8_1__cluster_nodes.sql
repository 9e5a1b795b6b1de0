-- cluster: one row per node id. A process claims its id at start (refused while another process's heartbeat is
-- within the lease), renews heartbeat_at every few seconds and sets it to 0 at a clean stop. A node whose heartbeat
-- is older than the lease is dead: its live streams stop counting and any node removes them.
CREATE TABLE node (
    id           VARCHAR(255)  NOT NULL PRIMARY KEY,
    instance     VARCHAR(64)   NOT NULL, -- random per process: tells the owner from another process with the id
    http_address VARCHAR(512)  NOT NULL,
    rtmp_address VARCHAR(512)  NOT NULL,
    started_at   BIGINT        NOT NULL, -- epoch ms
    heartbeat_at BIGINT        NOT NULL  -- epoch ms on the node's clock; 0 after a clean stop
);

-- One row per live stream across the cluster (the primary key is the stream), so a second publisher on another
-- node cannot claim it. The row is only rebuilt state (each node re-announces its streams), so it is recreated.
DROP TABLE live_stream_online;
CREATE TABLE live_stream_online (
    domain_name  VARCHAR(255)  NOT NULL,
    app_name     VARCHAR(255)  NOT NULL,
    stream_name  VARCHAR(255)  NOT NULL,
    node_name    VARCHAR(255)  NOT NULL,
    account_id   BIGINT        NOT NULL,
    sequence     VARCHAR(64)   NOT NULL, -- '' while claimed for a publish that has not started yet
    published_at BIGINT        NOT NULL, -- epoch ms
    PRIMARY KEY (domain_name, app_name, stream_name)
);
CREATE INDEX live_stream_online_node ON live_stream_online (node_name);
