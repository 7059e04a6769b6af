package io.provtest.call.call;

import io.provtest.common.error.ServiceException;
import io.provtest.common.json.Json;
import io.provtest.common.rpc.RpcClient;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Live dialogs (and the groupcalls around them) are held by the call-manager instance that created them; a request
 * about one that lands elsewhere is handed to that instance's own queue. An instance that is gone answers at once
 * (its queue went with it), and the caller then ends what it held.
 */
@Singleton
public class OwningInstance {

    static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final RpcClient rpc;

    public OwningInstance(RpcClient rpc) {
        this.rpc = rpc;
    }

    public <T> T post(String owner, String uri, Class<T> type, Supplier<T> whenGone) {
        try {
            return Json.convert(rpc.call("call-manager." + owner, "POST", uri, null, TIMEOUT).dataOrThrow(), type);
        } catch (ServiceException e) {
            if ("SERVICE_UNAVAILABLE".equals(e.error().reason())) {
                return whenGone.get();
            }
            throw e;
        }
    }
}
