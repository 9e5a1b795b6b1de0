-- A lease on every recording in progress: renewed by the recording node; a row whose lease expired (by a margin)
-- is claimed by exactly one surviving node (conditional UPDATE), which finalizes the recording from the store.
-- NULL: a row written before leases (taken over by nobody; its own node recovers it at start).
ALTER TABLE record_session ADD COLUMN lease_until BIGINT;
CREATE INDEX record_session_lease ON record_session (lease_until);
