package io.provtest.call.call;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.provtest.common.error.ServiceException;
import io.provtest.common.rpc.RpcClient;
import io.provtest.common.rpc.RpcResponse;
import io.provtest.common.rpc.RpcTransportException;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Which failures of a request handed to a call's owning instance mean "that instance is gone". */
class OwningInstanceTest {

    @Test
    void noQueueForTheOwnerMeansItIsGone() {
        OwningInstance owners = new OwningInstance(failingWith(new RpcTransportException(
                RpcTransportException.Kind.UNROUTABLE, "SERVICE_UNAVAILABLE", "The service behind … is not running.")));
        assertEquals("ended here", ask(owners));
    }

    @Test
    void anUnreachableBrokerIsNotAnOwnerGone() {
        for (RpcTransportException.Kind kind : new RpcTransportException.Kind[] {RpcTransportException.Kind.NOT_SENT,
                RpcTransportException.Kind.ANSWER_LOST, RpcTransportException.Kind.TIMED_OUT}) {
            RpcTransportException failure = new RpcTransportException(kind, "SERVICE_UNAVAILABLE",
                    "The message broker is not reachable.");
            OwningInstance owners = new OwningInstance(failingWith(failure));
            assertSame(failure, assertThrows(ServiceException.class, () -> ask(owners)), kind.name());
        }
    }

    private static String ask(OwningInstance owners) {
        return owners.ask("vm-elsewhere", api -> api.hangupCall(UUID.randomUUID()), String.class, () -> "ended here");
    }

    private static RpcClient failingWith(ServiceException failure) {
        return new RpcClient() {
            @Override
            public CompletableFuture<RpcResponse> send(String service, String method, String uri, Object data,
                                                       Duration timeout) {
                return CompletableFuture.failedFuture(failure);
            }

            @Override
            public RpcResponse call(String service, String method, String uri, Object data, Duration timeout) {
                throw failure;
            }
        };
    }
}
