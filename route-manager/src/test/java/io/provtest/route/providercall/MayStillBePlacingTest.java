package io.provtest.route.providercall;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.provtest.common.error.ApiError;
import io.provtest.common.error.ErrorStatus;
import io.provtest.common.model.Address;
import io.provtest.common.error.ServiceException;
import io.provtest.common.rpc.RpcTransportException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Which failures of a create-calls request leave its provider call pending (calls, or the temporary flow that
 * travelled with them, may still be made).
 */
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

    @Test
    void aFlowThatTravelledWithTheCallsMayStillBeMadeOnlyAfterATimedOutRequest() {
        ProviderCall.Outcome timedOut = outcome(ApiError.of(ErrorStatus.UNAVAILABLE, "REQUEST_TIMEOUT",
                "The request timed out waiting for flow-manager."));
        ProviderCall.Outcome refused = outcome(ApiError.of(ErrorStatus.INVALID_ARGUMENT, "INVALID_ACTION_TYPE",
                "Unknown action type."));
        ProviderCall.Outcome late = outcome(ApiError.of(ErrorStatus.UNAVAILABLE, "SERVICE_UNAVAILABLE",
                "The call could not be stored in time; it was not placed."));
        assertTrue(ProviderCallService.flowMayStillBeMade(List.of(refused, timedOut)));
        assertFalse(ProviderCallService.flowMayStillBeMade(List.of(refused, late)));
        assertFalse(ProviderCallService.flowMayStillBeMade(List.of()));
    }

    private static ProviderCall.Outcome outcome(ApiError error) {
        return new ProviderCall.Outcome(new Address("tel", "+821012345678", null, null, null), null, null, error);
    }

    private static RpcTransportException transport(RpcTransportException.Kind kind) {
        return new RpcTransportException(kind, "SERVICE_UNAVAILABLE", "The message broker is not reachable.");
    }
}
