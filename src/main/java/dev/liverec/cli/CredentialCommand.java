package dev.liverec.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.liverec.control.account.Account;
import dev.liverec.control.account.AccountStore;
import dev.liverec.control.account.Credential;
import dev.liverec.control.account.FirstRunSetup;
import dev.liverec.db.Database;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

/** {@code liverec credential create|list|disable|enable}: API key pairs, straight in the node's database. */
@Command(name = "credential", description = "Create, list, disable or enable API credentials (SecretId/SecretKey).",
        subcommands = {CredentialCommand.Create.class, CredentialCommand.ListCredentials.class,
                CredentialCommand.Disable.class, CredentialCommand.Enable.class})
public final class CredentialCommand extends CommandGroup {
    @Command(name = "create", description = "Create a credential (and the account, when it does not exist). "
            + "The SecretKey is printed once and cannot be shown again.")
    static final class Create implements Callable<Integer> {
        @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;
        @Mixin StoreOptions store;
        @Option(names = "--account", description = "Account name (default: ${DEFAULT-VALUE})", defaultValue = FirstRunSetup.DEFAULT_ACCOUNT)
        String account;
        @Option(names = "--json", description = "Print {\"SecretId\": ..., \"SecretKey\": ...} only")
        boolean json;
        @Option(names = "--env", description = "Print shell exports of LIVEREC_SECRET_ID and LIVEREC_SECRET_KEY "
                + "(which 'liverec call' reads): eval \"$(liverec credential create --env)\"")
        boolean env;

        @Override
        public Integer call() throws Exception {
            try (Database db = store.open()) {
                AccountStore s = StoreOptions.store(db);
                Account a;
                try {
                    a = s.findOrCreateAccount(account);
                } catch (IllegalArgumentException e) {
                    throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--account: " + e.getMessage());
                }
                Credential c = s.createCredential(a.id());
                if (env) {
                    System.out.println("export LIVEREC_SECRET_ID=" + c.secretId());
                    System.out.println("export LIVEREC_SECRET_KEY=" + c.secretKey());
                } else if (json) {
                    // both values are base62: nothing to escape
                    System.out.println("{\"SecretId\": \"" + c.secretId() + "\", \"SecretKey\": \"" + c.secretKey() + "\"}");
                } else {
                    System.out.println("SecretId:  " + c.secretId());
                    System.out.println("SecretKey: " + c.secretKey());
                    System.out.println("Account:   " + a.name() + " (APPID " + a.appId() + ")");
                    System.out.println("The SecretKey is shown only now; store it safely.");
                }
                return 0;
            }
        }
    }

    @Command(name = "list", description = "List credentials (never their keys).")
    static final class ListCredentials implements Callable<Integer> {
        @Mixin StoreOptions store;
        @Option(names = "--account", description = "Only this account's credentials")
        String account;
        @Option(names = "--json", description = "JSON array output")
        boolean json;

        @Override
        public Integer call() throws Exception {
            try (Database db = store.open()) {
                var list = StoreOptions.store(db).listCredentials(account);
                if (json) {
                    ObjectMapper m = new ObjectMapper();
                    ArrayNode arr = m.createArrayNode();
                    for (var c : list) {
                        ObjectNode o = arr.addObject();
                        o.put("SecretId", c.secretId());
                        o.put("Account", c.accountName());
                        o.put("Enabled", c.enabled());
                        o.put("CreatedAt", c.createdAt().toString());
                    }
                    System.out.println(m.writeValueAsString(arr));
                } else {
                    System.out.printf("%-40s %-20s %-8s %s%n", "SECRET_ID", "ACCOUNT", "ENABLED", "CREATED");
                    for (var c : list) {
                        System.out.printf("%-40s %-20s %-8s %s%n", c.secretId(), c.accountName(), c.enabled(), c.createdAt());
                    }
                }
                return 0;
            }
        }
    }

    @Command(name = "disable", description = "Disable a credential; a running server refuses it within 1 s.")
    static final class Disable implements Callable<Integer> {
        @Mixin StoreOptions store;
        @Parameters(index = "0", paramLabel = "SECRET_ID")
        String secretId;

        @Override
        public Integer call() throws Exception {
            return setEnabled(store, secretId, false);
        }
    }

    @Command(name = "enable", description = "Enable a disabled credential again.")
    static final class Enable implements Callable<Integer> {
        @Mixin StoreOptions store;
        @Parameters(index = "0", paramLabel = "SECRET_ID")
        String secretId;

        @Override
        public Integer call() throws Exception {
            return setEnabled(store, secretId, true);
        }
    }

    private static int setEnabled(StoreOptions store, String secretId, boolean enabled) throws Exception {
        try (Database db = store.open()) {
            if (!StoreOptions.store(db).setEnabled(secretId, enabled)) {
                System.err.println("no such credential: " + secretId);
                return 1;
            }
            System.out.println((enabled ? "enabled " : "disabled ") + secretId);
            return 0;
        }
    }
}
