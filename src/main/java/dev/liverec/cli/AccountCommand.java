package dev.liverec.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.liverec.control.account.Account;
import dev.liverec.control.account.AccountState;
import dev.liverec.db.Database;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code liverec account list|set-state}: an operator's view of accounts. A non-active state makes every API call of
 * the account fail with its ResourceNotFound.* code (within 1 s on a running server).
 */
@Command(name = "account", description = "List accounts or change an account's state.",
        subcommands = {AccountCommand.ListAccounts.class, AccountCommand.SetState.class})
public final class AccountCommand extends CommandGroup {
    @Command(name = "list", description = "List accounts.")
    static final class ListAccounts implements Callable<Integer> {
        @Mixin StoreOptions store;
        @Option(names = "--json") boolean json;

        @Override
        public Integer call() throws Exception {
            try (Database db = store.open()) {
                var list = StoreOptions.store(db).listAccounts();
                if (json) {
                    ObjectMapper m = new ObjectMapper();
                    ArrayNode arr = m.createArrayNode();
                    for (Account a : list) {
                        ObjectNode o = arr.addObject();
                        o.put("Name", a.name());
                        o.put("AppId", a.appId());
                        o.put("State", stateName(a.state()));
                    }
                    System.out.println(m.writeValueAsString(arr));
                } else {
                    System.out.printf("%-24s %-12s %s%n", "NAME", "APPID", "STATE");
                    for (Account a : list) System.out.printf("%-24s %-12d %s%n", a.name(), a.appId(), stateName(a.state()));
                }
                return 0;
            }
        }
    }

    @Command(name = "set-state", description = "Set an account's state: active, frozen, stopped, user_disabled, forbidden.")
    static final class SetState implements Callable<Integer> {
        @Mixin StoreOptions store;
        @Parameters(index = "0", paramLabel = "NAME") String name;
        @Parameters(index = "1", paramLabel = "STATE") String state;

        @Override
        public Integer call() throws Exception {
            AccountState s;
            try {
                s = AccountState.valueOf(state.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
            } catch (IllegalArgumentException e) {
                System.err.println("unknown state " + state + " (active, frozen, stopped, user_disabled, forbidden)");
                return 2;
            }
            try (Database db = store.open()) {
                if (!StoreOptions.store(db).setState(name, s)) {
                    System.err.println("no such account: " + name);
                    return 1;
                }
                System.out.println(name + " is now " + stateName(s));
                return 0;
            }
        }
    }

    static String stateName(AccountState s) {
        return s.name().toLowerCase(Locale.ROOT);
    }
}
