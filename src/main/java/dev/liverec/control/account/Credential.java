package dev.liverec.control.account;

import java.time.Instant;

/** An API key pair of one account. The secret key never leaves the server except once, when it is created. */
public record Credential(String secretId, String secretKey, long accountId, boolean enabled, Instant createdAt) {}
