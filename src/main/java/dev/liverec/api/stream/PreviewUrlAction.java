package dev.liverec.api.stream;

import dev.liverec.web.preview.PreviewTokens;

import dev.liverec.api.ApiAction;
import dev.liverec.api.ApiCall;
import dev.liverec.api.ApiException;
import dev.liverec.api.ErrorCodes;
import dev.liverec.api.Params;
import dev.liverec.stream.StreamHub;
import dev.liverec.stream.StreamKey;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * liverec extension {@code DescribeLivePreviewUrl}: a signed URL, valid {@link #TTL_SECONDS}, that plays a live
 * stream of the caller (or of an unregistered domain) as fragmented MP4 from this node.
 * {@code ResourceUnavailable.StreamNotExist} when the stream is not live here.
 */
public final class PreviewUrlAction implements ApiAction {
    static final long TTL_SECONDS = 3600;
    private static final Set<String> PARAMS = Set.of("DomainName", "AppName", "StreamName");

    private final StreamHub hub;
    private final PreviewTokens tokens;
    private final Clock clock;

    public PreviewUrlAction(StreamHub hub, PreviewTokens tokens, Clock clock) {
        this.hub = hub;
        this.tokens = tokens;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "DescribeLivePreviewUrl";
    }

    @Override
    public Object handle(ApiCall call) {
        Params p = call.p().allowOnly(PARAMS);
        StreamKey key = new StreamKey(p.requiredString("DomainName").trim(), p.requiredString("AppName"), p.requiredString("StreamName"));
        long account = call.account().id();
        // the owner was settled at publish (DomainDirectory.ownerOf): a stream nobody owns is nobody's to preview
        boolean visible = hub.find(key).map(s -> s.accountId() == account).orElse(false);
        if (!visible) throw new ApiException(ErrorCodes.UNAVAILABLE_STREAM_NOT_EXIST, "The stream is not live on this node.");
        long expires = clock.instant().getEpochSecond() + TTL_SECONDS;
        String path = "/live/" + enc(key.domain()) + "/" + enc(key.app()) + "/" + enc(key.name()) + ".mp4?account=" + account
                + "&expires=" + expires + "&token=" + tokens.token(account, key, expires);
        String base = call.baseUrl() == null ? "" : call.baseUrl().replaceAll("/+$", "");
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("PreviewUrl", base + path);
        out.put("ExpireTime", expires);
        return out;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
