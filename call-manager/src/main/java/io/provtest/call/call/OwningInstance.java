package io.provtest.call.call;

import com.fasterxml.jackson.databind.JsonNode;
import io.provtest.common.api.RpcApis;
import io.provtest.common.api.call.CallManagerApi;
import io.provtest.common.error.ServiceException;
import io.provtest.common.json.Json;
import io.provtest.common.rpc.RpcClient;
import io.provtest.common.rpc.RpcTransportException;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Live dialogs (and the groupcalls around them) are held by the call-manager instance that created them; a request
 * about one that lands elsewhere is handed to that instance's own queue. An instance that is gone answers at once
 * (its queue went with it), and the caller then ends what it held. A broker that cannot be reached is not an owner
 * gone: the failure is passed on (the caller answers 503 and may be asked again).
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
            // gone means no queue took the request (an instance's queue goes with it); a broker that is unreachable or
            // restarting, or an answer that did not come, says nothing of the owner, whose call must not be ended
            if (e instanceof RpcTransportException t && t.kind() == RpcTransportException.Kind.UNROUTABLE) {
                return whenGone.get();
            }
            throw e;
        }
    }
}
