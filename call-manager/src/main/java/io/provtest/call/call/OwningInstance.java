package io.provtest.call.call;

import com.fasterxml.jackson.databind.JsonNode;
import io.provtest.common.api.RpcApis;
import io.provtest.common.api.call.CallManagerApi;
import io.provtest.common.error.ServiceException;
import io.provtest.common.json.Json;
import io.provtest.common.rpc.RpcClient;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.function.Function;
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

    /** {@code request} ({@code api -> api.hangupCall(id)}) asked of instance {@code owner}, read as {@code type}. */
    public <T> T ask(String owner, Function<CallManagerApi, JsonNode> request, Class<T> type, Supplier<T> whenGone) {
        try {
            return Json.convert(request.apply(RpcApis.client(CallManagerApi.class, rpc, TIMEOUT,
                    "call-manager." + owner)), type);
        } catch (ServiceException e) {
            if ("SERVICE_UNAVAILABLE".equals(e.error().reason())) {
                return whenGone.get();
            }
            throw e;
        }
    }
}
