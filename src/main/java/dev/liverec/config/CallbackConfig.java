package dev.liverec.config;

/**
 * Callback delivery. Spec §5.2 (Tencent): 20 s timeout, retries 60 s apart, 3 tries. Our default keeps the first
 * retry at 60 s but doubles each wait (capped at 30 min) over 7 attempts, so a receiver down for an hour still gets
 * every event (60+120+240+480+960+1800 s = 61 min). Set {@code retryBackoff: 1.0, maxAttempts: 3} for Tencent's.
 */
public class CallbackConfig {
    public int timeoutSeconds = 20;
    public int retryIntervalSeconds = 60;
    public int maxAttempts = 7;
    /** Signature validity added to the send time ({@code t}). */
    public int signValiditySeconds = 600;
    /** Each retry waits the previous wait times this factor (1.0 = Tencent's fixed spacing). */
    public double retryBackoff = 2.0;
    /** No single wait between attempts is longer than this. */
    public int maxRetryIntervalSeconds = 1800;
    /**
     * Refuse callback targets that resolve to loopback, link-local, private (RFC 1918, fc00::/7), wildcard or multicast
     * addresses: for installs shared by several tenants, where a callback URL must not reach the node's own network.
     * Off by default: a self-hosted install usually calls back into its own network.
     */
    public boolean denyPrivateTargets = false;
    /** How often the sender looks for due deliveries (it is also woken by each new event). */
    public long pollMillis = 1000;
    /** A claimed delivery not finished within this time (node died) is taken over by another sender. */
    public int leaseSeconds = 60;
    /** Delivered and given-up callbacks stay listed (DescribeCallbackDeliveries) this long. */
    public int keepDays = 30;
}
