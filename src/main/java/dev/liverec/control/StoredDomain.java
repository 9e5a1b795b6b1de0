package dev.liverec.control;

import java.time.Instant;

/** A domain row: the contract record plus what only DescribeLiveDomains shows. */
public record StoredDomain(LiveDomain domain, int playType, int isDelayLive, int isMiniProgramLive, Instant createdAt) {}
