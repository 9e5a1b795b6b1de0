package dev.liverec.api.task;

import dev.liverec.api.ControlAction;

import dev.liverec.api.ApiCall;
import dev.liverec.api.Params;
import dev.liverec.control.ControlPlane;
import dev.liverec.control.Json;

import java.util.Set;

/** StopRecordTask (spec §2.2): the task never starts again; Stopped becomes the call's Unix time. Idempotent. */
public final class StopRecordTask extends ControlAction {
    public StopRecordTask(ControlPlane cp) {
        super(cp, "StopRecordTask", Set.of("TaskId"));
    }

    @Override
    protected Object run(ApiCall call, Params p) {
        String taskId = p.requiredString("TaskId");
        cp.tasks().stop(accountId(call), taskId, cp.clock().instant()).ifPresent(cp.events()::fireStopped);
        return Json.object();
    }
}
