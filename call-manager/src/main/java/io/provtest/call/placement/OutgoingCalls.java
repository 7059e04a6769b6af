package io.provtest.call.placement;

import io.provtest.call.call.Call;
import io.provtest.call.call.CallService;
import io.provtest.call.call.CreateOnce;
import io.provtest.call.groupcall.AgentDirectory;
import io.provtest.call.groupcall.Groupcall;
import io.provtest.call.groupcall.GroupcallRequest;
import io.provtest.call.groupcall.GroupcallService;
import io.provtest.call.limits.OutboundLimiter;
import io.provtest.call.limits.OutboundRules;
import io.provtest.common.error.ServiceException;
import io.provtest.common.model.Address;
import io.provtest.common.model.DestinationOutcome;
import io.provtest.common.model.Destinations;
import io.provtest.common.request.Ids;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code POST /v1/calls}: a Call for each tel or sip destination, a Groupcall (ring_all, hangup_others) for each
 * agent destination, carrying the same metadata so that a provider call's forcing reaches every leg. Each
 * destination gets an outcome; one that fails gets its typed error and the others go on. What is placed so far is
 * kept with the request's key in the transaction storing each call's or groupcall's row ({@link CreateOnce#placing}),
 * so an instance that dies before answering leaves a request whose calls are known. A temporary flow the request brings
 * ({@code flow_actions}) that flow-manager refuses is the whole request's answer ({@link CallService.FlowRefused}).
 */
@Singleton
public class OutgoingCalls {

    private final CallService calls;
    private final GroupcallService groupcalls;
    private final AgentDirectory agents;
    private final CallAdmission admission;
    private final OutboundLimiter limiter;
    private final CreateOnce once;

    public OutgoingCalls(CallService calls, GroupcallService groupcalls, AgentDirectory agents,
                         CallAdmission admission, OutboundLimiter limiter, CreateOnce once) {
        this.once = once;
        this.agents = agents;
        this.calls = calls;
        this.groupcalls = groupcalls;
        this.admission = admission;
        this.limiter = limiter;
    }

    public record Result(List<Call> calls, List<Groupcall> groupcalls, List<DestinationOutcome> outcomes) {
    }

    /**
     * Admitted whole or refused whole, before anything is created: the engine's load ({@link CallAdmission}), then
     * the outbound limits of the request's customer (a provider call's is the admin's own customer).
     */
    public Result create(CallService.CreateCallsRequest request) {
        admission.admit(request.destinations().size());
        boolean providerCall = request.metadata().forced();
        OutboundLimiter.Ask ask = new OutboundLimiter.Ask(request.customerId(), providerCall ? "providercall" : "call",
                providerCall, request.destinations(), agents.expand(request.customerId(), request.destinations()),
                false);
        try (OutboundLimiter.Reservation ignored = limiter.admit(ask)) {
            return place(request);
        }
    }

    private Result place(CallService.CreateCallsRequest request) {
        List<Call> placedCalls = new ArrayList<>();
        List<Groupcall> placedGroupcalls = new ArrayList<>();
        List<DestinationOutcome> outcomes = new ArrayList<>();
        Set<String> dialed = new HashSet<>(); // an address is rung once per request (an agent's legs included)
        boolean flowMade = request.flowActions() == null;
        for (int i = 0; i < request.destinations().size(); i++) {
            Address destination = request.destinations().get(i);
            try {
                Destinations.Problem problem = Destinations.problem(destination);
                if (problem != null) {
                    throw ServiceException.invalid("INVALID_DESTINATION", problem.reason());
                }
                int index = i;
                if ("agent".equals(destination.type())) {
                    if (!flowMade) {
                        calls.makeTemporaryFlow(request); // a call's activeflow makes it; a groupcall's comes later
                        flowMade = true;
                    }
                    // the mark names the groupcall as its row is stored, before any of its legs (calls it places in
                    // turn, which are not the request's own)
                    Groupcall g = once.placing(p -> new Result(placedCalls, with(placedGroupcalls, p),
                                    with(outcomes, placed(index, destination, p))),
                            () -> groupcalls.place(new GroupcallRequest(request.customerId(), request.flowId(), null,
                                    request.source(), List.of(destination), Groupcall.RING_ALL,
                                    Groupcall.HANGUP_OTHERS, request.anonymous(), request.metadata(),
                                    request.masterCallId(), Ids.NIL), dialed));
                    placedGroupcalls.add(g);
                    outcomes.add(placed(index, destination, g));
                } else {
                    if (!dialed.add(OutboundRules.key(destination))) {
                        throw new ServiceException(OutboundRules.duplicate(destination));
                    }
                    Call call = once.placing(c -> new Result(with(placedCalls, c), placedGroupcalls,
                                    with(outcomes, placed(index, destination, c))),
                            () -> calls.createCall(request, destination, Ids.NIL));
                    placedCalls.add(call);
                    outcomes.add(placed(index, destination, call));
                    flowMade = true; // its activeflow made the request's temporary flow
                }
            } catch (CallService.FlowRefused e) {
                throw e; // every destination runs that flow: the request's answer
            } catch (ServiceException e) {
                outcomes.add(new DestinationOutcome(i, destination, null, null, e.error()));
            }
        }
        return new Result(placedCalls, placedGroupcalls, outcomes);
    }

    /** The outcome of a destination that placed a call, in the answer and in the mark alike. */
    private static DestinationOutcome placed(int index, Address destination, Call call) {
        return new DestinationOutcome(index, destination, call.id(), null, null);
    }

    /** The outcome of a destination that placed a groupcall, in the answer and in the mark alike. */
    private static DestinationOutcome placed(int index, Address destination, Groupcall groupcall) {
        return new DestinationOutcome(index, destination, null, groupcall.id(), null);
    }

    private static <T> List<T> with(List<T> soFar, T next) {
        List<T> all = new ArrayList<>(soFar);
        all.add(next);
        return all;
    }
}
