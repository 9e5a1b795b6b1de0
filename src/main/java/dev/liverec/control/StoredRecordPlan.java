package dev.liverec.control;

import dev.liverec.stream.StreamKey;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@link RecordPlan} over the control plane's tables. */
public final class StoredRecordPlan implements RecordPlan {
    private final TaskStore tasks;
    private final RecordTemplateStore templates;
    private final RecordRuleStore rules;
    private final CallbackStore callbacks;
    private final DomainDirectory domains;

    public StoredRecordPlan(TaskStore tasks, RecordTemplateStore templates, RecordRuleStore rules,
                            CallbackStore callbacks, DomainDirectory domains) {
        this.tasks = tasks;
        this.templates = templates;
        this.rules = rules;
        this.callbacks = callbacks;
        this.domains = domains;
    }

    @Override
    public List<RecordTask> tasksToStart(StreamKey stream, Instant now) {
        Long owner = domains.find(stream.domain()).map(LiveDomain::accountId).orElse(null);
        return tasks.startable(stream, owner, now);
    }

    @Override
    public List<RecordTask> tasksOpenOrUpcoming(Instant now, long horizonSeconds) {
        return tasks.openOrUpcoming(now, horizonSeconds);
    }

    @Override
    public Optional<RecordTask> task(String taskId) {
        return tasks.find(taskId);
    }

    @Override
    public RecordTemplate templateFor(RecordTask task) {
        if (task.templateId() <= 0) return RecordTemplate.defaultHls(task.accountId());
        return templates.find(task.accountId(), task.templateId())
                .orElseGet(() -> RecordTemplate.defaultHls(task.accountId()));
    }

    @Override
    public List<RecordTemplate> ruleTemplatesFor(StreamKey stream, long domainAccountId) {
        List<RecordTemplate> out = new ArrayList<>();
        for (RecordRule r : rules.matching(domainAccountId, stream.domain(), stream.app(), stream.name())) {
            templates.find(domainAccountId, r.templateId()).ifPresent(out::add);
        }
        return out;
    }

    @Override
    public Optional<CallbackTemplate> callbackTemplateFor(long accountId, String domain, String app) {
        return callbacks.templateFor(accountId, domain, app);
    }
}
