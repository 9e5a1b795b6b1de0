package dev.liverec.app;

import dev.liverec.task.ControlPlane;
import dev.liverec.task.RecordPlan;
import dev.liverec.task.TaskPurgeJob;

import dev.liverec.api.ApiAction;
import dev.liverec.domain.DomainDirectory;
import dev.liverec.domain.action.AddLiveDomain;
import dev.liverec.domain.action.DeleteLiveDomain;
import dev.liverec.domain.action.DescribeLiveDomains;
import dev.liverec.domain.action.DescribeLivePushAuthKey;
import dev.liverec.domain.action.ModifyLivePushAuthKey;
import dev.liverec.storage.StorageHealth;
import dev.liverec.task.action.CreateLiveCallbackRule;
import dev.liverec.task.action.CreateLiveCallbackTemplate;
import dev.liverec.task.action.CreateLiveRecordRule;
import dev.liverec.task.action.CreateLiveRecordTemplate;
import dev.liverec.task.action.CreateRecordTask;
import dev.liverec.task.action.DeleteLiveCallbackRule;
import dev.liverec.task.action.DeleteLiveCallbackTemplate;
import dev.liverec.task.action.DeleteLiveRecordRule;
import dev.liverec.task.action.DeleteLiveRecordTemplate;
import dev.liverec.task.action.DeleteRecordTask;
import dev.liverec.task.action.DescribeLiveCallbackRules;
import dev.liverec.task.action.DescribeLiveCallbackTemplate;
import dev.liverec.task.action.DescribeLiveCallbackTemplates;
import dev.liverec.task.action.DescribeLiveRecordRules;
import dev.liverec.task.action.DescribeLiveRecordTemplate;
import dev.liverec.task.action.DescribeLiveRecordTemplates;
import dev.liverec.task.action.DescribeRecordTask;
import dev.liverec.task.action.LegacyRecordAction;
import dev.liverec.task.action.ModifyLiveCallbackTemplate;
import dev.liverec.task.action.ModifyLiveRecordTemplate;
import dev.liverec.task.action.StopRecordTask;

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

    public static List<ApiAction> actions(ControlPlane cp) {
        List<ApiAction> a = new ArrayList<>(List.of(
                new CreateRecordTask(cp), new StopRecordTask(cp), new DeleteRecordTask(cp), new DescribeRecordTask(cp),
                new CreateLiveRecordTemplate(cp), new ModifyLiveRecordTemplate(cp), new DeleteLiveRecordTemplate(cp),
                new DescribeLiveRecordTemplate(cp), new DescribeLiveRecordTemplates(cp),
                new CreateLiveRecordRule(cp), new DeleteLiveRecordRule(cp), new DescribeLiveRecordRules(cp),
                new CreateLiveCallbackTemplate(cp), new ModifyLiveCallbackTemplate(cp),
                new DeleteLiveCallbackTemplate(cp), new DescribeLiveCallbackTemplate(cp),
                new DescribeLiveCallbackTemplates(cp), new CreateLiveCallbackRule(cp), new DeleteLiveCallbackRule(cp),
                new DescribeLiveCallbackRules(cp),
                new AddLiveDomain(cp), new DeleteLiveDomain(cp), new DescribeLiveDomains(cp),
                new ModifyLivePushAuthKey(cp), new DescribeLivePushAuthKey(cp)));
        a.addAll(LegacyRecordAction.all());
        return a;
    }

    /** @param storage whether record storage can take files (CreateRecordTask refuses when it cannot) */
    public ControlModule(ServerContext ctx, StorageHealth storage) {
        cp = ControlPlane.over(ctx.db().jdbi(), ctx.clock(), ctx.config().api, storage, ControlPlane.DEFAULT_PAGE_SIZE);
        ctx.actions().registerAll(actions(cp));
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

    public DomainDirectory domains() {
        return cp.domains();
    }
}
