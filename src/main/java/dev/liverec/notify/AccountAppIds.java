package dev.liverec.notify;

/**
 * The APPID callbacks carry for an account's streams (stream events only know the account id). The module that
 * owns accounts may publish one; without it the account id itself is sent.
 */
@FunctionalInterface
public interface AccountAppIds {
    long appIdOf(long accountId);
}
