package dev.liverec.config;

/** Callback delivery (spec §5.2: 20 s timeout, retries 60 s apart, 3 tries). */
public class CallbackConfig {
    public int timeoutSeconds = 20;
    public int retryIntervalSeconds = 60;
    public int maxAttempts = 3;
    /** Signature validity added to the send time ({@code t}). */
    public int signValiditySeconds = 600;
}
