package dev.liverec.app;

import dev.liverec.control.ControlPlane;
import dev.liverec.control.RecordPlan;
import dev.liverec.control.TaskEvents;
import dev.liverec.control.TaskPurgeJob;

import dev.liverec.api.ApiAction;
import dev.liverec.control.DomainDirectory;
import dev.liverec.api.domain.AddLiveDomain;
import dev.liverec.api.domain.DeleteLiveDomain;
import dev.liverec.api.domain.DescribeLiveDomain;
import dev.liverec.api.domain.DescribeLiveDomains;
import dev.liverec.api.domain.DescribeLivePlayAuthKey;
import dev.liverec.api.domain.DomainSwitch;
import dev.liverec.api.domain.ModifyLivePlayAuthKey;
import dev.liverec.api.domain.DescribeLivePushAuthKey;
import dev.liverec.api.domain.ModifyLivePushAuthKey;
import dev.liverec.storage.StorageHealth;
import dev.liverec.api.callback.CreateLiveCallbackRule;
import dev.liverec.api.callback.CreateLiveCallbackTemplate;
import dev.liverec.api.template.CreateLiveRecordRule;
import dev.liverec.api.template.CreateLiveRecordTemplate;
import dev.liverec.api.task.CreateRecordTask;
import dev.liverec.api.callback.DeleteLiveCallbackRule;
import dev.liverec.api.callback.DeleteLiveCallbackTemplate;
import dev.liverec.api.template.DeleteLiveRecordRule;
import dev.liverec.api.template.DeleteLiveRecordTemplate;
import dev.liverec.api.task.DeleteRecordTask;
import dev.liverec.api.callback.DescribeLiveCallbackRules;
import dev.liverec.api.callback.DescribeLiveCallbackTemplate;
import dev.liverec.api.callback.DescribeLiveCallbackTemplates;
import dev.liverec.api.template.DescribeLiveRecordRules;
import dev.liverec.api.template.DescribeLiveRecordTemplate;
import dev.liverec.api.template.DescribeLiveRecordTemplates;
import dev.liverec.api.task.DescribeRecordTask;
import dev.liverec.api.task.LegacyRecordAction;
import dev.liverec.api.callback.ModifyLiveCallbackTemplate;
import dev.liverec.api.template.ModifyLiveRecordTemplate;
import dev.liverec.api.task.StopRecordTask;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The control plane: record tasks, record templates and rules, callback templates and rules, domains and push keys.
 * Registers their actions, offers the {@link RecordPlan} and the {@link DomainDirectory} to the modules that
 * need them, and runs the task purge job.
 */
public final class ControlModule implements Module {
    private final ControlPlane cp;
    private final TaskPurgeJob purge;

    public static List<ApiAction> actions(ControlPlane cp, StorageHealth storage) {
        List<ApiAction> a = new ArrayList<>(List.of(
                new CreateRecordTask(cp, storage), new StopRecordTask(cp), new DeleteRecordTask(cp), new DescribeRecordTask(cp),
                new CreateLiveRecordTemplate(cp), new ModifyLiveRecordTemplate(cp), new DeleteLiveRecordTemplate(cp),
                new DescribeLiveRecordTemplate(cp), new DescribeLiveRecordTemplates(cp),
                new CreateLiveRecordRule(cp), new DeleteLiveRecordRule(cp), new DescribeLiveRecordRules(cp),
                new CreateLiveCallbackTemplate(cp), new ModifyLiveCallbackTemplate(cp),
                new DeleteLiveCallbackTemplate(cp), new DescribeLiveCallbackTemplate(cp),
                new DescribeLiveCallbackTemplates(cp), new CreateLiveCallbackRule(cp), new DeleteLiveCallbackRule(cp),
                new DescribeLiveCallbackRules(cp),
                new AddLiveDomain(cp), new DeleteLiveDomain(cp), new DescribeLiveDomains(cp),
                new ModifyLivePushAuthKey(cp), new DescribeLivePushAuthKey(cp), new DescribeLiveDomain(cp),
                new DescribeLivePlayAuthKey(cp), new ModifyLivePlayAuthKey(cp)));
        a.addAll(DomainSwitch.both(cp));
        a.addAll(LegacyRecordAction.all());
        return a;
    }

    /** @param storage whether record storage can take files (CreateRecordTask refuses when it cannot) */
    public ControlModule(ServerContext ctx, StorageHealth storage) {
        cp = ControlPlane.over(ctx.db().jdbi(), ctx.clock(), ctx.config().api, ControlPlane.DEFAULT_PAGE_SIZE);
        ctx.actions().registerAll(actions(cp, storage));
        purge = new TaskPurgeJob(cp.tasks(), ctx.clock(), Duration.ofDays(ctx.config().api.taskRetentionDays));
        ctx.onClose(purge);
    }

    @Override
    public void start() {
        purge.start(Duration.ofHours(1));
    }

    public ControlPlane controlPlane() {
        return cp;
    }

    public RecordPlan plan() {
        return cp.plan();
    }

    /** Record tasks created, stopped or deleted through this node's API. */
    public TaskEvents taskEvents() {
        return cp.events();
    }

    public DomainDirectory domains() {
        return cp.domains();
    }
}
