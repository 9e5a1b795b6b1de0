package dev.liverec.control;

import java.util.List;

/** Callback URLs and signing key (spec §5.1). Null URL = that event is not sent. */
public record CallbackTemplate(long templateId, long accountId, String name, String description,
                               String streamBeginNotifyUrl, String streamEndNotifyUrl, String recordNotifyUrl,
                               String recordStatusNotifyUrl, String snapshotNotifyUrl, String pornCensorshipNotifyUrl,
                               String callbackKey, String pushExceptionNotifyUrl, String audioAuditNotifyUrl,
                               String recordExceptionNotifyUrl, List<String> recordExceptionLevels) {}
