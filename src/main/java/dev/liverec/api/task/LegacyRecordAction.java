package dev.liverec.api.task;

import dev.liverec.api.ApiAction;
import dev.liverec.api.ApiCall;
import dev.liverec.api.ApiException;
import dev.liverec.api.ErrorCodes;

import java.util.List;

/**
 * The old CreateLiveRecord / StopLiveRecord / DeleteLiveRecord: Tencent says the two task families must not be
 * mixed, and liverec implements only the new one, so these answer UnsupportedOperation naming their replacement.
 */
public final class LegacyRecordAction implements ApiAction {
    private final String name;
    private final String replacement;

    private LegacyRecordAction(String name, String replacement) {
        this.name = name;
        this.replacement = replacement;
    }

    public static List<ApiAction> all() {
        return List.of(new LegacyRecordAction("CreateLiveRecord", "CreateRecordTask"),
                new LegacyRecordAction("StopLiveRecord", "StopRecordTask"),
                new LegacyRecordAction("DeleteLiveRecord", "DeleteRecordTask"));
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Object handle(ApiCall call) {
        throw new ApiException(ErrorCodes.UNSUPPORTED_OPERATION, name + " is not supported: use " + replacement
                + " (the record-task APIs CreateRecordTask/StopRecordTask/DeleteRecordTask/DescribeRecordTask"
                + " replace CreateLiveRecord/StopLiveRecord/DeleteLiveRecord, and the two families cannot be mixed).");
    }
}
