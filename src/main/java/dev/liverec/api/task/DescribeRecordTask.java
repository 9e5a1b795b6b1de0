package dev.liverec.api.task;

import dev.liverec.api.ControlAction;
import dev.liverec.api.Inputs;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.liverec.api.ApiCall;
import dev.liverec.api.Params;
import dev.liverec.control.ControlPlane;
import dev.liverec.control.Json;
import dev.liverec.control.RecordTask;
import dev.liverec.control.ScrollToken;
import dev.liverec.control.TaskQuery;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * DescribeRecordTask (spec §2.4): the caller's tasks lying fully inside [StartTime, EndTime], oldest created first,
 * {@link ControlPlane#describePageSize()} per page. ScrollToken and TaskList are always present; "" = last page.
 */
public final class DescribeRecordTask extends ControlAction {
    static final long LOOKBACK = 90 * CreateRecordTask.DAY;
    static final long MAX_SPAN = 7 * CreateRecordTask.DAY;

    public DescribeRecordTask(ControlPlane cp) {
        super(cp, "DescribeRecordTask", Set.of("StartTime", "EndTime", "StreamName", "DomainName", "AppName",
                "ScrollToken"));
    }

    @Override
    protected Object run(ApiCall call, Params p) {
        long from = Inputs.requiredNonNegative(p, "StartTime");
        long to = Inputs.requiredNonNegative(p, "EndTime");
        long now = cp.clock().instant().getEpochSecond();
        if (from < now - LOOKBACK) throw CreateRecordTask.taskTime("StartTime must not be earlier than 90 days ago.");
        if (to <= from) throw CreateRecordTask.taskTime("EndTime must be later than StartTime.");
        if (to - from > MAX_SPAN) throw CreateRecordTask.taskTime("The query window must not exceed one week.");
        String domain = filter(p, "DomainName");
        if (domain != null) domain = domain.toLowerCase(Locale.ROOT);
        String token = p.string("ScrollToken").orElse("");
        ScrollToken after = token.isEmpty() ? null : ScrollToken.decode(token, accountId(call));
        int pageSize = cp.describePageSize();
        List<RecordTask> rows = cp.tasks().page(new TaskQuery(accountId(call), from, to, domain,
                filter(p, "AppName"), filter(p, "StreamName"), after, pageSize + 1));

        ArrayNode list = Json.array();
        for (RecordTask t : rows.subList(0, Math.min(pageSize, rows.size()))) list.add(render(t));
        String next = "";
        if (rows.size() > pageSize) {
            RecordTask last = rows.get(pageSize - 1);
            next = new ScrollToken(accountId(call), last.createdAt().toEpochMilli(), last.taskId()).encode();
        }
        ObjectNode out = Json.object();
        out.put("ScrollToken", next);
        out.set("TaskList", list);
        return out;
    }

    private static String filter(Params p, String name) {
        return p.string(name).filter(s -> !s.isEmpty()).orElse(null);
    }

    static ObjectNode render(RecordTask t) {
        return Json.object().put("TaskId", t.taskId()).put("DomainName", t.stream().domain())
                .put("AppName", t.stream().app()).put("StreamName", t.stream().name())
                .put("StartTime", t.startTime().getEpochSecond()).put("EndTime", t.endTime().getEpochSecond())
                .put("TemplateId", t.templateId())
                .put("Stopped", t.stoppedAt() == null ? 0 : t.stoppedAt().getEpochSecond());
    }
}
