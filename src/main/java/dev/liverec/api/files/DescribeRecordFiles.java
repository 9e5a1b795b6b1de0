package dev.liverec.api.files;

import dev.liverec.web.playback.PlaybackUrls;

import dev.liverec.api.ApiAction;
import dev.liverec.api.ApiCall;
import dev.liverec.api.ApiException;
import dev.liverec.api.Params;
import dev.liverec.storage.FilesInProgress;
import dev.liverec.storage.FilesInProgress.FileInProgress;
import dev.liverec.storage.RecordFile;
import dev.liverec.storage.RecordFileIndex;
import dev.liverec.control.RecordFormat;
import dev.liverec.stream.StreamKey;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * liverec extension: the recorded files of a task or of a stream, oldest first, in pages, for the calling account
 * only, each with a signed PlayUrl; the files being written follow the finished ones with {@code State}
 * {@code recording}. See docs/api-compatibility.md.
 */
public final class DescribeRecordFiles implements ApiAction {
    private static final Set<String> PARAMS = Set.of("TaskId", "DomainName", "AppName", "StreamName", "StartTime",
            "EndTime", "PageNum", "PageSize");

    static final String RECORDING = "recording";
    static final String FINISHED = "finished";

    private final RecordFileIndex index;
    private final FilesInProgress inProgress;
    private final Clock clock;
    private final PlaybackUrls urls;
    private final Supplier<String> configuredUrl;
    private final Supplier<String> defaultUrl;
    private final long ttlSeconds;

    /** Without the files being written: only finished files are listed. */
    public DescribeRecordFiles(RecordFileIndex index, PlaybackUrls urls, Supplier<String> configuredUrl,
                               Supplier<String> defaultUrl, long ttlSeconds) {
        this(index, null, Clock.systemUTC(), urls, configuredUrl, defaultUrl, ttlSeconds);
    }

    /**
     * @param inProgress    the files being written (listed after the finished ones), or null
     * @param configuredUrl the operator's public URL (http.publicUrl), null when not set: PlayUrls then use the
     *                      base URL the API request came in on, else {@code defaultUrl}
     */
    public DescribeRecordFiles(RecordFileIndex index, FilesInProgress inProgress, Clock clock, PlaybackUrls urls,
                               Supplier<String> configuredUrl, Supplier<String> defaultUrl, long ttlSeconds) {
        this.index = index;
        this.inProgress = inProgress;
        this.clock = clock;
        this.urls = urls;
        this.configuredUrl = configuredUrl;
        this.defaultUrl = defaultUrl;
        this.ttlSeconds = ttlSeconds;
    }

    @Override
    public String name() { return "DescribeRecordFiles"; }

    @Override
    public Object handle(ApiCall call) {
        Params p = call.p().allowOnly(PARAMS);
        String taskId = p.string("TaskId").filter(s -> !s.isBlank()).orElse(null);
        String domain = p.string("DomainName").filter(s -> !s.isBlank()).map(s -> s.toLowerCase(Locale.ROOT)).orElse(null);
        String app = p.string("AppName").filter(s -> !s.isBlank()).orElse(null);
        String stream = p.string("StreamName").filter(s -> !s.isBlank()).orElse(null);
        if (taskId == null && (domain == null || stream == null)) {
            throw ApiException.missing(domain == null ? "DomainName" : "StreamName");
        }
        Instant from = p.optionalLong("StartTime").isPresent() ? Instant.ofEpochSecond(p.requiredLong("StartTime")) : null;
        Instant to = p.optionalLong("EndTime").isPresent() ? Instant.ofEpochSecond(p.requiredLong("EndTime")) : null;
        if (from != null && to != null && !from.isBefore(to)) {
            throw ApiException.invalidValue("EndTime", "must be later than StartTime");
        }
        long pageNum = p.longOr("PageNum", 1);
        long pageSize = p.longOr("PageSize", 20);
        if (pageNum < 1 || pageNum > 100_000) throw ApiException.invalidValue("PageNum", "range 1-100000");
        if (pageSize < 1 || pageSize > 100) throw ApiException.invalidValue("PageSize", "range 1-100");
        var filter = new RecordFileIndex.Filter(call.account().id(), taskId, domain, app, stream, from, to);
        int offset = (int) ((pageNum - 1) * pageSize);
        var page = index.list(filter, offset, (int) pageSize);
        // the files being written follow the finished ones (they are the newest of a recording)
        List<FileInProgress> writing = inProgress == null ? List.of() : inProgress.list(filter);
        int skip = (int) Math.max(0, offset - page.total());
        String base = configuredUrl != null ? configuredUrl.get()
                : call.baseUrl() != null && !call.baseUrl().isBlank() ? call.baseUrl().replaceAll("/+$", "")
                : defaultUrl.get();
        List<Map<String, Object>> out = new ArrayList<>();
        for (RecordFile f : page.files()) out.add(render(f, base));
        for (int i = skip; i < writing.size() && out.size() < pageSize; i++) out.add(render(writing.get(i), base));
        Map<String, Object> resp = new LinkedHashMap<>();
        resp.put("RecordFileList", out);
        resp.put("TotalNum", page.total() + writing.size());
        resp.put("PageNum", pageNum);
        resp.put("PageSize", pageSize);
        return resp;
    }

    /** The fields that name a file, alike for finished files and files being written. */
    private static Map<String, Object> identity(String fileId, String taskId, StreamKey stream, RecordFormat format,
                                                String mainEntry) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("FileId", fileId);
        m.put("TaskId", taskId == null ? "" : taskId);
        m.put("DomainName", stream.domain());
        m.put("AppName", stream.app());
        m.put("StreamName", stream.name());
        m.put("FileFormat", format.callbackName());
        m.put("FileName", mainEntry);
        return m;
    }

    private Map<String, Object> render(RecordFile f, String base) {
        Map<String, Object> m = identity(f.fileId(), f.taskId(), f.stream(), f.format(), f.mainEntry());
        m.put("StartTime", f.start().getEpochSecond());
        m.put("EndTime", f.end().getEpochSecond());
        m.put("Duration", Math.round(f.durationMillis() / 1000.0));
        m.put("DurationMs", f.durationMillis());
        m.put("FileSize", f.sizeBytes());
        m.put("VideoCodec", f.videoCodec() == null ? "" : f.videoCodec());
        m.put("AudioCodec", f.audioCodec() == null ? "" : f.audioCodec());
        m.put("Width", f.width());
        m.put("Height", f.height());
        m.put("StorageStatus", f.status());
        m.put("Recovered", f.recovered());
        m.put("SplitReason", f.splitReason() == null ? "" : f.splitReason());
        m.put("Sha256", f.sha256());
        m.put("ExpireTime", f.expiresAt() == null ? 0 : f.expiresAt().getEpochSecond());
        m.put("PlayUrl", base + urls.path(f.fileId(), f.mainEntry(), ttlSeconds));
        m.put("State", FINISHED);
        return m;
    }

    /**
     * A file being written, with the fields of a finished one: its times and duration so far (wall clock), its
     * size so far when this node writes it, and a PlayUrl to the live playlist (HLS) or the growing file; that URL
     * keeps playing the finished file under the same FileId.
     */
    private Map<String, Object> render(FileInProgress f, String base) {
        long durationMs = Math.max(0, clock.millis() - f.start().toEpochMilli());
        Map<String, Object> m = identity(f.fileId(), f.taskId(), f.stream(), f.format(), f.mainEntry());
        m.put("StartTime", f.start().getEpochSecond());
        m.put("EndTime", f.start().plusMillis(durationMs).getEpochSecond());
        m.put("Duration", Math.round(durationMs / 1000.0));
        m.put("DurationMs", durationMs);
        m.put("FileSize", f.bytesOnDisk());
        m.put("VideoCodec", "");
        m.put("AudioCodec", "");
        m.put("Width", 0);
        m.put("Height", 0);
        m.put("StorageStatus", RECORDING);
        m.put("Recovered", false);
        m.put("SplitReason", "");
        m.put("Sha256", "");
        m.put("ExpireTime", 0);
        m.put("PlayUrl", base + urls.path(f.fileId(), f.mainEntry(), ttlSeconds));
        m.put("State", RECORDING);
        return m;
    }
}
