package dev.liverec.record.takeover;

import dev.liverec.record.recovery.SessionJournal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;

/**
 * Renews the leases of this node's recordings, and knows since when it has done so without a failure: a node that
 * could not reach the database for a while must not take over recordings whose nodes could not renew either.
 */
final class LeaseRenewal implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(LeaseRenewal.class);

    private final SessionJournal journal;
    private final String node;
    private final Clock clock;
    private volatile long renewingSince = Long.MAX_VALUE;

    LeaseRenewal(SessionJournal journal, String node, Clock clock) {
        this.journal = journal;
        this.node = node;
        this.clock = clock;
    }

    @Override
    public void run() {
        try {
            journal.renew(node);
            if (renewingSince == Long.MAX_VALUE) renewingSince = clock.millis();
        } catch (RuntimeException e) {
            if (renewingSince != Long.MAX_VALUE) LOG.warn("cannot renew the recording leases of {}: {}", node, e.toString());
            renewingSince = Long.MAX_VALUE;
        }
    }

    /** Has every renewal of the last {@code millis} succeeded? */
    boolean renewedFor(long millis) {
        long since = renewingSince;
        return since != Long.MAX_VALUE && clock.millis() - since >= millis;
    }
}
