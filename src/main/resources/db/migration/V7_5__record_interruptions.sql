-- Tasks whose recording is interrupted (disk full): DescribeRecordTaskStates says "interrupted" with the reason
-- until a recording of the task starts again.
CREATE TABLE record_interruption (
    task_id     VARCHAR(128)  NOT NULL PRIMARY KEY,
    account_id  BIGINT        NOT NULL,
    node        VARCHAR(255)  NOT NULL,
    reason      VARCHAR(512)  NOT NULL,
    since       BIGINT        NOT NULL
);
