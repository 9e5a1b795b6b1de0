package dev.liverec.cli;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.liverec.api.ApiAction;
import dev.liverec.api.ApiCall;
import dev.liverec.app.Module;
import dev.liverec.app.ServerContext;

/** A test action that echoes what it was called with. */
final class EchoModule implements Module {
    EchoModule(ServerContext ctx) {
        ctx.actions().register(new ApiAction() {
            public String name() { return "TestEcho"; }

            public Object handle(ApiCall call) {
                ObjectNode out = JsonNodeFactory.instance.objectNode();
                out.set("Params", call.params());
                out.put("Account", call.account().name());
                out.put("Region", call.region());
                return out;
            }
        });
    }
}
