package dev.liverec.control;

/** DescribeRecordTask's filter: tasks whose [start, end] lies inside [from, to] (Unix seconds), optional names. */
public record TaskQuery(long accountId, long from, long to, String domain, String app, String stream,
                        ScrollToken after, int limit) {}
