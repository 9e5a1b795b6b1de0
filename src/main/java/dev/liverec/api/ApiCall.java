package dev.liverec.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.liverec.control.account.Account;

import java.time.Instant;

/**
 * One authenticated API request as an action sees it: who calls, the parameters as a JSON object (form and query
 * parameters are unflattened into the same shape), and the request's context.
 */
public record ApiCall(String action, Account account, ObjectNode params, String region, String language,
                      String requestId, Instant receivedAt, String baseUrl) {

    public Params p() {
        return new Params(params);
    }

    public boolean english() {
        return !"zh-CN".equals(language);
    }
}
