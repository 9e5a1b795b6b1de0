package dev.liverec.config;

import java.util.List;

/** The Tencent-compatible API gateway and the control plane's limits. */
public class ApiConfig {
    /** Requests per second per credential and action (token bucket). */
    public double rateLimitPerSecond = 20;
    public int maxBodyBytes = 1024 * 1024;
    public boolean allowToken = false;
    public int maxSkewSeconds = 300;
    /** TC3 signatures remembered (for twice the skew) to refuse their replay for another action, version or region. */
    public int replayCacheEntries = 100_000;
    /**
     * How long after its first use a TC3 signature may still serve another write (an SDK's Stop then Delete in one
     * second share a signature); later, a signature reused for another action, version or region is refused.
     */
    public long replayGraceMillis = 2000;
    /** Empty list = accept any region. */
    public List<String> regions = List.of("ap-bangkok", "ap-guangzhou", "ap-hongkong", "ap-jakarta", "ap-mumbai",
            "ap-seoul", "ap-singapore", "ap-tokyo", "eu-frankfurt", "na-ashburn", "na-siliconvalley", "na-toronto",
            "sa-saopaulo", "ap-beijing", "ap-shanghai", "ap-chengdu", "ap-chongqing", "ap-nanjing");
    public int maxRunningTasks = 400;
    public int taskRetentionDays = 92;
}
