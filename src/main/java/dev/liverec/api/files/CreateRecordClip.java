package dev.liverec.api.files;

import dev.liverec.api.ApiAction;
import dev.liverec.api.ApiCall;
import dev.liverec.api.ApiException;
import dev.liverec.api.ErrorCodes;
import dev.liverec.api.FailureCodes;
import dev.liverec.api.Params;
import dev.liverec.clip.ClipFailure;
import dev.liverec.clip.ClipRequest;
import dev.liverec.clip.RecordClipper;
import dev.liverec.control.RecordFormat;
import dev.liverec.storage.RecordFile;
import dev.liverec.stream.StreamKey;
import dev.liverec.web.playback.PlaybackUrls;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * liverec extension: an MP4 (or, with ClipFormat=hls, HLS) clip of stored recordings without re-encoding, either of a stream over a wall-clock
 * range (DomainName, AppName, StreamName, StartTime, EndTime in Unix seconds) or of one file over a media-time range
 * (FileId, StartOffset, EndOffset in seconds from the file's start). Synchronous: answers once the clip is stored,
 * indexed (DescribeRecordFiles lists it) and its event 100 queued, with its FileId and signed PlayUrl. See
 * docs/api-compatibility.md.
 */
public final class CreateRecordClip implements ApiAction {
    private static final Set<String> PARAMS = Set.of("DomainName", "AppName", "StreamName", "StartTime", "EndTime",
            "FileId", "StartOffset", "EndOffset", "ClipFormat");

    private final RecordClipper clipper;
    private final PlaybackUrls urls;
    private final Supplier<String> configuredUrl;
    private final Supplier<String> defaultUrl;
    private final long ttlSeconds;

    /** @param configuredUrl http.publicUrl when set, else null (PlayUrl then uses the request's base URL) */
    public CreateRecordClip(RecordClipper clipper, PlaybackUrls urls, Supplier<String> configuredUrl,
                            Supplier<String> defaultUrl, long ttlSeconds) {
        this.clipper = clipper;
        this.urls = urls;
        this.configuredUrl = configuredUrl;
        this.defaultUrl = defaultUrl;
        this.ttlSeconds = ttlSeconds;
    }

    @Override
    public String name() { return "CreateRecordClip"; }

    @Override
    public Object handle(ApiCall call) {
        String refused = FailureCodes.refused(call.account().state());
        if (refused != null) {
            throw new ApiException(refused, "The account may not use this service (" + call.account().state() + ").");
        }
        Params p = call.p().allowOnly(PARAMS);
        ClipRequest req = request(call.account().id(), p).as(format(p));
        RecordFile f;
        try {
            f = clipper.clip(req);
        } catch (ClipFailure e) {
            throw switch (e.reason()) {
                case FILE_NOT_FOUND -> new ApiException(ErrorCodes.RESOURCE_NOT_FOUND, "The file does not exist.");
                case NO_MEDIA -> new ApiException(ErrorCodes.RESOURCE_NOT_FOUND, "No recording of the stream in the range.");
                case UNSUPPORTED_SOURCE -> ApiException.invalidValue("FileId", "clips are cut from FLV, HLS and MP4 recordings");
                case BUSY -> new ApiException(ErrorCodes.LIMIT_EXCEEDED, "Too many clips are being made; retry later.");
                case IO -> new ApiException(ErrorCodes.FAILED_OPERATION, "The clip could not be made.");
            };
        }
        String base = configuredUrl != null ? configuredUrl.get()
                : call.baseUrl() != null && !call.baseUrl().isBlank() ? call.baseUrl().replaceAll("/+$", "")
                : defaultUrl.get();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("FileId", f.fileId());
        m.put("FileFormat", f.format().callbackName());
        m.put("FileName", f.mainEntry());
        m.put("StartTime", f.start().getEpochSecond());
        m.put("EndTime", f.end().getEpochSecond());
        m.put("DurationMs", f.durationMillis());
        m.put("FileSize", f.sizeBytes());
        m.put("PlayUrl", base + urls.path(f.fileId(), f.mainEntry(), ttlSeconds));
        return m;
    }

    /** Validates the two forms; a range must be positive and at most {@link RecordClipper#MAX_DURATION_MS}. */
    static ClipRequest request(long accountId, Params p) {
        String fileId = p.string("FileId").filter(s -> !s.isBlank()).orElse(null);
        String domain = p.string("DomainName").filter(s -> !s.isBlank()).map(s -> s.toLowerCase(Locale.ROOT)).orElse(null);
        String stream = p.string("StreamName").filter(s -> !s.isBlank()).orElse(null);
        if (fileId != null) {
            if (domain != null || stream != null || p.has("StartTime") || p.has("EndTime")) {
                throw ApiException.invalid("FileId", "give FileId with StartOffset/EndOffset, or a stream with StartTime/EndTime");
            }
            long from = p.requiredLong("StartOffset");
            long to = p.requiredLong("EndOffset");
            if (from < 0) throw ApiException.invalidValue("StartOffset", "must not be negative");
            checkRange("EndOffset", from, to);
            return ClipRequest.ofFile(accountId, fileId, from * 1000, to * 1000);
        }
        if (domain == null) throw ApiException.missing("DomainName");
        if (stream == null) throw ApiException.missing("StreamName");
        if (p.has("StartOffset") || p.has("EndOffset")) {
            throw ApiException.invalid("StartOffset", "offsets go with FileId; a stream takes StartTime/EndTime");
        }
        long from = p.requiredLong("StartTime");
        long to = p.requiredLong("EndTime");
        if (from < 0) throw ApiException.invalidValue("StartTime", "must not be negative");
        checkRange("EndTime", from, to);
        String app = p.string("AppName").orElse("");
        return ClipRequest.ofStream(accountId, new StreamKey(domain, app, stream), Instant.ofEpochSecond(from),
                Instant.ofEpochSecond(to));
    }

    /** ClipFormat: {@code mp4} (the default) or {@code hls}. */
    static RecordFormat format(Params p) {
        String f = p.string("ClipFormat").map(s -> s.trim().toLowerCase(Locale.ROOT)).orElse("mp4");
        return switch (f) {
            case "mp4" -> RecordFormat.MP4;
            case "hls" -> RecordFormat.HLS;
            default -> throw ApiException.invalidValue("ClipFormat", "must be mp4 or hls");
        };
    }

    private static void checkRange(String endName, long from, long to) {
        if (to <= from) throw ApiException.invalidValue(endName, "must be later than the start");
        if ((to - from) * 1000 > RecordClipper.MAX_DURATION_MS) {
            throw ApiException.invalidValue(endName, "a clip lasts at most " + RecordClipper.MAX_DURATION_MS / 1000 + " s");
        }
    }
}
