package dev.liverec.api;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.liverec.app.Module;
import dev.liverec.app.ServerContext;

import java.util.Set;

/** Tiny actions for gateway tests: echo, a strict one (UnknownParameter / MissingParameter), one that fails. */
final class TestActions implements Module {
    TestActions(ServerContext ctx) {
        ctx.actions().register(new ApiAction() {
            public String name() { return "TestEcho"; }

            public Object handle(ApiCall call) {
                ObjectNode out = JsonNodeFactory.instance.objectNode();
                out.set("Params", call.params());
                out.put("Account", call.account().name());
                out.put("Region", call.region());
                out.put("Language", call.language());
                return out;
            }
        });
        ctx.actions().register(new ApiAction() {
            public String name() { return "TestStrict"; }

            public Object handle(ApiCall call) {
                Params p = call.p().allowOnly(Set.of("Name"));
                return java.util.Map.of("Name", p.requiredString("Name"));
            }
        });
        ctx.actions().register(new ApiAction() {
            public String name() { return "TestBoom"; }

            public Object handle(ApiCall call) {
                throw new IllegalStateException("jdbc:postgresql://db.internal/secret password=hunter2");
            }
        });
    }
}
