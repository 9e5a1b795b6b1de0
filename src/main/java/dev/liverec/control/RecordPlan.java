package dev.liverec.control;

import dev.liverec.stream.StreamKey;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the recording engine and the ingest layer ask of the control plane. Implemented by the control plane over
 * the database; every method may block (call it off event loops).
 */
public interface RecordPlan {
    /**
     * Tasks that may start recording {@code stream} at {@code now} (see {@link RecordTask#canStartAt}), oldest
     * first. Only tasks of the account owning the stream's domain match, or of any account when the domain is not
     * registered. The engine applies the at-most-3 rule.
     */
    List<RecordTask> tasksToStart(StreamKey stream, Instant now);

    /** Every task whose window is open at {@code now} or opens within {@code horizonSeconds}, not stopped or deleted. */
    List<RecordTask> tasksOpenOrUpcoming(Instant now, long horizonSeconds);

    Optional<RecordTask> task(String taskId);

    /** The template a task records with; the default HLS template when its id is 0 or unknown. */
    RecordTemplate templateFor(RecordTask task);

    /** Record rules matching a publish (domain, and app/stream when the rule names them), with their templates. */
    List<RecordTemplate> ruleTemplatesFor(StreamKey stream, long domainAccountId);

    /** The callback template bound to (domain, app) by a callback rule, if any. */
    Optional<CallbackTemplate> callbackTemplateFor(long accountId, String domain, String app);
}
