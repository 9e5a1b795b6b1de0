package dev.liverec.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.liverec.control.account.AccountDirectory;
import dev.liverec.control.account.AccountStore;
import dev.liverec.control.account.FirstRunSetup;
import dev.liverec.control.account.SecretGenerator;
import dev.liverec.api.ApiDispatcher;
import dev.liverec.api.ApiGateway;
import dev.liverec.api.TokenBuckets;

/**
 * The Tencent-compatible API endpoint ({@link ApiGateway}) over the accounts: creates the first credential on an
 * empty database. Mounted before the console so that {@code GET /} with an Action reaches the API.
 */
public final class ApiModule implements Module {
    private final AccountDirectory accounts;

    public ApiModule(ServerContext ctx) {
        AccountStore store = new AccountStore(ctx.db().jdbi(), ctx.clock(), new SecretGenerator());
        accounts = new AccountDirectory(store);
        new FirstRunSetup(store, System.out).run();
        var api = ctx.config().api;
        ApiDispatcher dispatcher = new ApiDispatcher(new ObjectMapper(), ctx.config(), ctx.clock(), accounts,
                ctx.actions(), new TokenBuckets(api.rateLimitPerSecond, System::nanoTime), ctx.metrics());
        ApiGateway gateway = new ApiGateway(dispatcher, api.maxBodyBytes, ctx.clock(),
                Math.max(4, ctx.config().db.poolSize * 2));
        ctx.onClose(gateway);
        gateway.mount(ctx.router());
    }

    public AccountDirectory accounts() {
        return accounts;
    }
}
