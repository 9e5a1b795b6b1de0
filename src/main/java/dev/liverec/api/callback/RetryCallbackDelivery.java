package dev.liverec.api.callback;

import dev.liverec.notify.CallbackOutbox;
import dev.liverec.notify.CallbackSender;

import dev.liverec.api.ApiAction;
import dev.liverec.api.ApiCall;
import dev.liverec.api.ApiException;
import dev.liverec.api.ErrorCodes;

import java.time.Clock;
import java.util.Map;
import java.util.Set;

/** liverec extension: send one of the calling account's callbacks again now, with a fresh set of attempts. */
public final class RetryCallbackDelivery implements ApiAction {
    private final CallbackOutbox outbox;
    private final CallbackSender sender;
    private final int attempts;
    private final Clock clock;

    public RetryCallbackDelivery(CallbackOutbox outbox, CallbackSender sender, int attempts, Clock clock) {
        this.outbox = outbox;
        this.sender = sender;
        this.attempts = Math.max(1, attempts);
        this.clock = clock;
    }

    @Override
    public String name() { return "RetryCallbackDelivery"; }

    @Override
    public Object handle(ApiCall call) {
        var p = call.p().allowOnly(Set.of("DeliveryId"));
        long id = p.requiredLong("DeliveryId");
        if (!outbox.retryNow(call.account().id(), id, attempts, clock.millis())) {
            throw new ApiException(ErrorCodes.RESOURCE_NOT_FOUND, "The callback delivery does not exist.");
        }
        if (sender != null) sender.wakeUp();
        return Map.of();
    }
}
