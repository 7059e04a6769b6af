package io.provtest.call.call;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.provtest.common.error.ErrorStatus;
import io.provtest.common.error.ServiceException;
import io.provtest.common.rpc.RpcTransportException;
import org.junit.jupiter.api.Test;

/** What a failed request for a call's flow becomes when it brings the request's temporary flow. */
class FlowFailureTest {

    @Test
    void flowManagersRefusalOfTheFlowIsTheWholeRequestsAnswerAsItGaveIt() {
        ServiceException refused = ServiceException.invalid("INVALID_ACTION_TYPE", "actions[1]: unknown type 'dance'");
        ServiceException answer = CallService.flowFailure(refused);
        assertInstanceOf(CallService.FlowRefused.class, answer);
        assertEquals(400, answer.httpStatus());
        assertEquals("INVALID_ACTION_TYPE", answer.error().reason());
        assertEquals(refused.error().message(), answer.error().message());
        ServiceException otherCustomers = ServiceException.notFound("FLOW_NOT_FOUND", "The flow was not found.");
        assertInstanceOf(CallService.FlowRefused.class, CallService.flowFailure(otherCustomers));
    }

    @Test
    void anAnswerLostOrLateIsARequestTimeoutSinceTheFlowMayStillBeMade() {
        for (RpcTransportException.Kind kind : new RpcTransportException.Kind[] {
                RpcTransportException.Kind.TIMED_OUT, RpcTransportException.Kind.ANSWER_LOST}) {
            ServiceException answer = CallService.flowFailure(new RpcTransportException(kind, "SERVICE_UNAVAILABLE",
                    "The connection to the message broker was lost before the answer came."));
            assertEquals("REQUEST_TIMEOUT", answer.error().reason(), kind.name());
            assertEquals(ErrorStatus.UNAVAILABLE, answer.error().status());
        }
    }

    @Test
    void aRequestNobodySawOrAServerErrorStaysTheDestinationsError() {
        ServiceException notSent = new RpcTransportException(RpcTransportException.Kind.NOT_SENT,
                "SERVICE_UNAVAILABLE", "The message broker is not reachable.");
        assertSame(notSent, CallService.flowFailure(notSent));
        ServiceException failed = ServiceException.internal("flow-manager failed.");
        assertSame(failed, CallService.flowFailure(failed));
    }
}
