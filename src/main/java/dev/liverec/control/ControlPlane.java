package dev.liverec.control;

import dev.liverec.config.ApiConfig;
import org.jdbi.v3.core.Jdbi;

import java.time.Clock;

/**
 * The control plane's parts, shared by its actions: stores over one database, the record plan the recording engine
 * reads, the clock and the limits.
 *
 * @param describePageSize tasks per DescribeRecordTask page (Tencent does not document its own)
 */
public record ControlPlane(ControlDb db, TaskStore tasks, RecordTemplateStore templates, RecordRuleStore rules,
                           CallbackStore callbacks, DomainStore domains, StoredRecordPlan plan, TaskEvents events, Clock clock,
                           ApiConfig config, TaskIdGenerator taskIds,
                           int describePageSize) {
    public static final int DEFAULT_PAGE_SIZE = 100;

    public static ControlPlane over(Jdbi jdbi, Clock clock, ApiConfig config, int describePageSize) {
        ControlDb db = new ControlDb(jdbi);
        TaskStore tasks = new TaskStore(db);
        RecordTemplateStore templates = new RecordTemplateStore(db);
        RecordRuleStore rules = new RecordRuleStore(db);
        CallbackStore callbacks = new CallbackStore(db);
        DomainStore domains = new DomainStore(db);
        StoredRecordPlan plan = new StoredRecordPlan(tasks, templates, rules, callbacks, domains);
        return new ControlPlane(db, tasks, templates, rules, callbacks, domains, plan, new TaskEvents(), clock, config,
                new TaskIdGenerator(), describePageSize);
    }
}
