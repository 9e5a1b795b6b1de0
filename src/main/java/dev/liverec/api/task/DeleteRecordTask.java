package dev.liverec.api.task;

import dev.liverec.api.ControlAction;

import dev.liverec.api.ApiCall;
import dev.liverec.api.Params;
import dev.liverec.control.ControlPlane;
import dev.liverec.control.Json;

import java.util.Set;

/** DeleteRecordTask (spec §2.3): hidden from DescribeRecordTask, no new recording starts; a running one goes on. */
public final class DeleteRecordTask extends ControlAction {
    public DeleteRecordTask(ControlPlane cp) {
        super(cp, "DeleteRecordTask", Set.of("TaskId"));
    }

    @Override
    protected Object run(ApiCall call, Params p) {
        String taskId = p.requiredString("TaskId");
        cp.events().fireDeleted(cp.tasks().delete(accountId(call), taskId, cp.clock().instant()));
        return Json.object();
    }
}
