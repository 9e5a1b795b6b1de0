package dev.liverec.api;

import dev.liverec.control.ControlFailure;
import dev.liverec.control.ControlPlane;

import java.util.Set;

/**
 * Base of the control plane's actions: refuses accounts that may not use the service (frozen, stopped, disabled,
 * forbidden → their ResourceNotFound.* code) and parameters the action does not define (UnknownParameter), then
 * runs the action; the control plane's failures leave it as API errors ({@link FailureCodes}).
 */
public abstract class ControlAction implements ApiAction {
    protected final ControlPlane cp;
    private final String name;
    private final Set<String> parameters;

    protected ControlAction(ControlPlane cp, String name, Set<String> parameters) {
        this.cp = cp;
        this.name = name;
        this.parameters = parameters;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final Object handle(ApiCall call) {
        String refused = FailureCodes.refused(call.account().state());
        if (refused != null) {
            throw new ApiException(refused, "The account may not use this service (" + call.account().state() + ").");
        }
        Params p = call.p().allowOnly(parameters);
        try {
            return run(call, p);
        } catch (ControlFailure f) {
            throw FailureCodes.toApi(f);
        }
    }

    protected abstract Object run(ApiCall call, Params p);

    protected long accountId(ApiCall call) {
        return call.account().id();
    }
}
