package dev.liverec.config;

/** Callback delivery (spec §5.2: 20 s timeout, retries 60 s apart, 3 tries). */
public class CallbackConfig {
    public int timeoutSeconds = 20;
    public int retryIntervalSeconds = 60;
    public int maxAttempts = 3;
    /** Signature validity added to the send time ({@code t}). */
    public int signValiditySeconds = 600;
    /** Each retry waits the previous wait times this factor (1.0 = Tencent's fixed spacing). */
    public double retryBackoff = 1.0;
    /** How often the sender looks for due deliveries (it is also woken by each new event). */
    public long pollMillis = 1000;
    /** A claimed delivery not finished within this time (node died) is taken over by another sender. */
    public int leaseSeconds = 60;
    /** Delivered and given-up callbacks stay listed (DescribeCallbackDeliveries) this long. */
    public int keepDays = 30;
}
