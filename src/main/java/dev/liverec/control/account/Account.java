package dev.liverec.control.account;

/**
 * An API principal. Everything a client creates (tasks, templates, rules, domains, files) belongs to one account;
 * {@code appId} is the numeric APPID that callbacks carry.
 */
public record Account(long id, long appId, String name, AccountState state) {}
