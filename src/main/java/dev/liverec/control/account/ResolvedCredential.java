package dev.liverec.control.account;

/** What the gateway needs to verify a request signed with one SecretId: the key, its owner and whether it is usable. */
public record ResolvedCredential(String secretId, String secretKey, boolean enabled, Account account) {}
