package dev.liverec.control.account;

/** Account states of the cloud service; only an active account may use it (the API answers the others with their own code). */
public enum AccountState {
    ACTIVE,
    FROZEN,
    STOPPED,
    USER_DISABLED,
    FORBIDDEN;

    public boolean active() { return this == ACTIVE; }
}
