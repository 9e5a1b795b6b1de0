package dev.liverec.app;

import dev.liverec.control.account.AccountDirectory;
import dev.liverec.control.account.AccountStore;
import dev.liverec.control.account.SecretGenerator;
import dev.liverec.notify.CallbackTemplates;
import dev.liverec.storage.FileStores;
import dev.liverec.storage.StorageHealth;

/** Parts of a node for tests that run a few modules, built the way {@link FullNode} builds them. */
public final class TestNodes {
    private TestNodes() {}

    /** Storage that always takes files. */
    public static final StorageHealth USABLE = new StorageHealth() {
        @Override public boolean usable() { return true; }
        @Override public String problem() { return null; }
    };

    /** The storage module over the configured stores, with the given callback rules and the node's accounts. */
    public static StorageModule storage(ServerContext ctx, CallbackTemplates templates) throws Exception {
        FileStores files = FileStores.open(ctx.config().storage, ctx.config().dataPath(), ctx.clock());
        ctx.onClose(files);
        AccountDirectory accounts = new AccountDirectory(
                new AccountStore(ctx.db().jdbi(), ctx.clock(), new SecretGenerator()));
        return new StorageModule(ctx, files, templates, accounts);
    }
}
