-- The file a recording is writing now (listed by DescribeRecordFiles as "recording", played while it grows) and the
-- HTTP address of the node writing it (other nodes proxy playback there). Set when each file opens.
ALTER TABLE record_session ADD COLUMN file_id VARCHAR(64);
ALTER TABLE record_session ADD COLUMN part_name VARCHAR(255);
ALTER TABLE record_session ADD COLUMN part_started_at BIGINT;
ALTER TABLE record_session ADD COLUMN node_url VARCHAR(512);
CREATE INDEX record_session_file ON record_session (file_id);
