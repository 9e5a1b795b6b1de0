package dev.liverec.api.task;

import dev.liverec.api.ControlAction;
import dev.liverec.api.Inputs;

import dev.liverec.api.ApiCall;
import dev.liverec.api.ApiException;
import dev.liverec.api.ErrorCodes;
import dev.liverec.api.Params;
import dev.liverec.storage.StorageHealth;
import dev.liverec.stream.StreamKey;
import dev.liverec.control.ControlPlane;
import dev.liverec.control.Json;
import dev.liverec.control.Names;
import dev.liverec.control.RecordTask;

import java.time.Instant;
import java.util.Set;

/**
 * CreateRecordTask (spec §2.1). Time rules answer InvalidParameter.InvalidTaskTime; a missing or unknown TemplateId
 * is stored as given and records the default HLS template.
 */
public final class CreateRecordTask extends ControlAction {
    static final long DAY = 86_400;
    static final long MAX_AHEAD = 7 * DAY;
    static final long MAX_WINDOW = DAY;
    static final int MAX_EXTENSION = 2048;

    private final StorageHealth storage;

    /** @param storage refuses new tasks (ResourceUnavailable.InvalidVodStatus) while record storage is unusable */
    public CreateRecordTask(ControlPlane cp, StorageHealth storage) {
        super(cp, "CreateRecordTask", Set.of("StreamName", "DomainName", "AppName", "EndTime", "StartTime",
                "StreamType", "TemplateId", "Extension"));
        this.storage = storage;
    }

    @Override
    protected Object run(ApiCall call, Params p) {
        String stream = Names.streamPart("StreamName", p.requiredString("StreamName"), false);
        String domain = Names.domain("DomainName", p.requiredString("DomainName"));
        String app = Names.streamPart("AppName", p.requiredString("AppName"), false);
        long end = Inputs.requiredNonNegative(p, "EndTime");
        Instant nowInstant = cp.clock().instant();
        long now = nowInstant.getEpochSecond();
        long start = p.has("StartTime") ? Inputs.requiredNonNegative(p, "StartTime") : now;
        int streamType = Inputs.oneOf(p, "StreamType", 0, 0, 1);
        long templateId = Inputs.nonNegative(p, "TemplateId", 0);
        String extension = Inputs.maxLength(p.string("Extension"), "Extension", MAX_EXTENSION).orElse("");
        checkWindow(start, end, now);
        cp.domains().checkNotForeign(accountId(call), domain);

        if (!storage.usable()) {
            throw new ApiException(ErrorCodes.UNAVAILABLE_INVALID_VOD_STATUS,
                    "Record storage is not available: " + storage.problem());
        }
        RecordTask task = new RecordTask(cp.taskIds().next(), accountId(call), new StreamKey(domain, app, stream),
                Instant.ofEpochSecond(start), Instant.ofEpochSecond(end), templateId, streamType, extension,
                nowInstant, null, null);
        cp.tasks().create(task, cp.config().maxRunningTasks, nowInstant);
        cp.events().fireCreated(task);
        return Json.object().put("TaskId", task.taskId());
    }

    static void checkWindow(long start, long end, long now) {
        if (end <= now) throw taskTime("EndTime must be later than the current time.");
        if (end <= start) throw taskTime("EndTime must be later than StartTime.");
        if (end >= now + MAX_AHEAD) throw taskTime("EndTime must be earlier than the current time + 7 days.");
        if (end - start > MAX_WINDOW) throw taskTime("EndTime - StartTime must not exceed 24 hours.");
    }

    static ApiException taskTime(String message) {
        return new ApiException(ErrorCodes.INVALID_PARAM_INVALID_TASK_TIME, message);
    }
}
