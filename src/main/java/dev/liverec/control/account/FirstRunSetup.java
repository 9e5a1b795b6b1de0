package dev.liverec.control.account;

import java.io.PrintStream;

/**
 * On an empty database (first {@code serve}), creates the account "default" with one credential and prints it once.
 * The key is random; it is not logged, and it is never printed again.
 */
public final class FirstRunSetup {
    public static final String DEFAULT_ACCOUNT = "default";
    private final AccountStore store;
    private final PrintStream out;

    public FirstRunSetup(AccountStore store, PrintStream out) {
        this.store = store;
        this.out = out;
    }

    /** Returns the credential created, or null when the database already had an account. */
    public Credential run() {
        if (!store.isEmpty()) return null;
        Account account = store.findOrCreateAccount(DEFAULT_ACCOUNT);
        Credential c = store.createCredential(account.id());
        out.println();
        out.println("================================================================================");
        out.println(" liverec: first start - created an API credential. It is shown ONLY THIS ONCE:");
        out.println();
        out.println("   SecretId:  " + c.secretId());
        out.println("   SecretKey: " + c.secretKey());
        out.println("   Account:   " + account.name() + " (APPID " + account.appId() + ")");
        out.println();
        out.println(" Manage credentials with: liverec credential create|list|disable --data-dir DIR");
        out.println("================================================================================");
        out.println();
        out.flush();
        return c;
    }
}
