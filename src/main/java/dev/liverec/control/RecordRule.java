package dev.liverec.control;

import java.time.Instant;

/** Binds a template to a domain (+ optional app, + optional stream): every matching publish is recorded. */
public record RecordRule(long accountId, String domain, String app, String stream, long templateId,
                         Instant createdAt, Instant updatedAt) {}
