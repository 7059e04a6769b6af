package io.provtest.route.providercall;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.provtest.common.error.ErrorStatus;
import io.provtest.common.error.ServiceException;
import io.provtest.common.rpc.RpcTransportException;
import org.junit.jupiter.api.Test;

/** Which failures of a create-calls request leave its provider call pending (calls may have been placed). */
class MayStillBePlacingTest {

    @Test
    void anAnswerLostOrLateMayHaveBeenServed() {
        assertTrue(ProviderCallService.mayStillBePlacing(transport(RpcTransportException.Kind.ANSWER_LOST)));
        assertTrue(ProviderCallService.mayStillBePlacing(transport(RpcTransportException.Kind.TIMED_OUT)));
    }

    @Test
    void aRequestThatNeverLeftOrFoundNoQueuePlacedNothing() {
        assertFalse(ProviderCallService.mayStillBePlacing(transport(RpcTransportException.Kind.NOT_SENT)));
        assertFalse(ProviderCallService.mayStillBePlacing(transport(RpcTransportException.Kind.UNROUTABLE)));
    }

    @Test
    void anEarlierDeliveryStillServedOrATimeoutCallManagerReportedMayStillBePlacing() {
        assertTrue(ProviderCallService.mayStillBePlacing(new ServiceException(ErrorStatus.ALREADY_EXISTS,
                "REQUEST_IN_PROGRESS", "This create request is already being served.")));
        assertTrue(ProviderCallService.mayStillBePlacing(new ServiceException(ErrorStatus.UNAVAILABLE,
                "REQUEST_TIMEOUT", "call-manager did not answer.")));
    }

    @Test
    void anErrorCallManagerAnsweredAboutThisRequestPlacedNothing() {
        assertFalse(ProviderCallService.mayStillBePlacing(new ServiceException(ErrorStatus.UNAVAILABLE,
                "SERVICE_BUSY", "The engine is late.")));
        assertFalse(ProviderCallService.mayStillBePlacing(ServiceException.invalid("INVALID_DESTINATION", "No.")));
        assertFalse(ProviderCallService.mayStillBePlacing(new ServiceException(ErrorStatus.UNAVAILABLE,
                "SERVICE_UNAVAILABLE", "A dependency of call-manager is away.")));
    }

    private static RpcTransportException transport(RpcTransportException.Kind kind) {
        return new RpcTransportException(kind, "SERVICE_UNAVAILABLE", "The message broker is not reachable.");
    }
}
