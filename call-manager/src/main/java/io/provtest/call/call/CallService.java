package io.provtest.call.call;

import io.provtest.call.engine.CallConfig;
import io.provtest.call.dial.HangupRules;
import com.fasterxml.jackson.databind.JsonNode;
import io.provtest.call.address.DestinationGuard;
import io.provtest.call.outbox.Outbox;
import io.provtest.call.provider.ProviderCache;
import io.provtest.call.sip.SipMessageRecord;
import io.provtest.call.sip.SipTraceView;
import io.provtest.call.sip.SipTraceRecorder;
import io.provtest.common.api.flow.CreateActiveflowRequest;
import io.provtest.common.api.flow.FlowManagerApi;
import io.provtest.common.model.Activeflow;
import io.provtest.common.api.route.DialrouteQuery;
import io.provtest.common.api.route.RouteManagerApi;
import io.provtest.common.db.Db;
import io.provtest.common.error.ApiError;
import io.provtest.common.error.ErrorStatus;
import io.provtest.common.error.ServiceException;
import io.provtest.common.error.JsonFields;
import io.provtest.common.error.Validation;
import io.provtest.common.json.Json;
import io.provtest.common.model.Address;
import io.provtest.common.model.Destinations;
import io.provtest.common.model.E164;
import io.provtest.common.model.Route;
import io.provtest.common.page.Page;
import io.provtest.common.page.PageToken;
import io.provtest.common.request.Ids;
import io.provtest.common.rpc.RpcTransportException;
import io.provtest.common.rpc.RpcContext;
import io.provtest.common.sip.InvitePlanner;
import io.provtest.common.time.Times;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Calls: creation (validation, routing, the Call row, then dialing), reads, hangup and delete. A request about a
 * call whose dialog another instance holds is forwarded to that instance's own queue.
 */
@Singleton
public class CallService {

    private static final Logger LOG = Logger.getLogger(CallService.class);

    static final int MAX_DESTINATIONS = 100;
    /** How long a new call may wait for its row to be stored before the request is refused (nothing placed). */
    private static final Duration STORE_TIMEOUT = Duration.ofSeconds(5);

    private final CallRepository calls;
    private final CallTransitions transitions;
    private final CallWriter writer;
    private final CallLifecycle lifecycle;
    private final RouteManagerApi routes;
    private final ProviderCache providers;
    private final SipTraceRecorder trace;
    private final OwningInstance owners;
    private final Outbox outbox;
    private final CallConfig config;
    private final FlowManagerApi flows;
    private final LegObserver legs;
    private final DestinationGuard guard;
    private final CustomerCodecs codecs;
    private final CreateOnce once;

    public CallService(CallRepository calls, CallTransitions transitions, CallWriter writer, CallLifecycle lifecycle, RouteManagerApi routes,
                       ProviderCache providers,
                       Outbox outbox, SipTraceRecorder trace, OwningInstance owners,
                       CallConfig config, FlowManagerApi flows, LegObserver legs, DestinationGuard guard,
                       CustomerCodecs codecs, CreateOnce once) {
        this.once = once;
        this.guard = guard;
        this.codecs = codecs;
        this.flows = flows;
        this.legs = legs;
        this.calls = calls;
        this.transitions = transitions;
        this.writer = writer;
        this.lifecycle = lifecycle;
        this.routes = routes;
        this.providers = providers;
        this.outbox = outbox;
        this.trace = trace;
        this.owners = owners;
        this.config = config;
    }

    /**
     * {@code flowActions}: the inline actions of the temporary flow {@code flowId}, made by the first activeflow
     * that runs it (a provider call's calls; null: {@code flowId} exists already).
     */
    public record CreateCallsRequest(UUID customerId, UUID flowId, Address source, List<Address> destinations,
                                     String anonymous, CallMetadata metadata, UUID masterCallId, JsonNode flowActions) {

        public CreateCallsRequest(UUID customerId, UUID flowId, Address source, List<Address> destinations,
                                  String anonymous, CallMetadata metadata, UUID masterCallId) {
            this(customerId, flowId, source, destinations, anonymous, metadata, masterCallId, null);
        }

        /** The temporary flow the request brings along, as its first activeflow makes it; null when none. */
        public CreateActiveflowRequest.TemporaryFlow temporaryFlow() {
            return flowActions == null ? null : new CreateActiveflowRequest.TemporaryFlow(customerId,
                    metadata.forced() ? "temporary flow of a provider call" : "temporary flow of a call request",
                    flowActions);
        }
    }

    /** Whole-request problems are a 400 before anything is created; per-destination ones are listed. */
    public static CreateCallsRequest parse(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ServiceException.invalid("INVALID_JSON_BODY", "The request body must be a JSON object.");
        }
        Validation v = new Validation();
        UUID customerId = JsonFields.uuid(v, body, "customer_id", true);
        UUID flowId = JsonFields.uuid(v, body, "flow_id", false);
        UUID masterCallId = JsonFields.uuid(v, body, "master_call_id", false);
        Address source = address(v, body.get("source"), "source");
        JsonNode list = body.get("destinations");
        List<Address> destinations = new ArrayList<>();
        if (list == null || !list.isArray() || list.isEmpty() || list.size() > MAX_DESTINATIONS) {
            v.reject("destinations", "required: 1 to " + MAX_DESTINATIONS + " addresses");
        } else {
            for (int i = 0; i < list.size(); i++) {
                destinations.add(address(v, list.get(i), "destinations[" + i + "]"));
            }
        }
        JsonNode anonymousNode = body.get("anonymous");
        String anonymous = anonymousNode == null || anonymousNode.isNull() ? "" : anonymousNode.asText();
        CallMetadata metadata = CallMetadata.parse(body.get("metadata"), v);
        JsonNode flowActions = body.get("flow_actions");
        if (flowActions != null && flowActions.isNull()) {
            flowActions = null;
        }
        if (flowActions != null && (!flowActions.isArray() || flowId == null || Ids.NIL.equals(flowId))) {
            v.reject("flow_actions", "a list of actions, with the flow_id to make them under");
        }
        v.throwIfInvalid("INVALID_ARGUMENT");
        String mode = InvitePlanner.anonymousMode(anonymous);
        if ("yes".equals(mode) && (source == null || !"tel".equals(source.type())
                || !E164.isValid(E164.normalise(source.target())))) {
            throw ServiceException.invalid("INVALID_SOURCE",
                    "anonymous=yes needs a tel source in E.164 form (it is sent in P-Asserted-Identity).");
        }
        return new CreateCallsRequest(customerId, flowId == null ? Ids.NIL : flowId, source, destinations, mode,
                metadata, masterCallId == null ? Ids.NIL : masterCallId, flowActions);
    }

    /**
     * One outbound call to a tel or sip destination, dialed at once; {@code groupcallId} makes it a leg of that
     * groupcall. Validation and routing errors are typed, and nothing is stored when one is raised.
     */
    public Call createCall(CreateCallsRequest request, Address destination, UUID groupcallId) {
        CallMetadata metadata = request.metadata();
        Destinations.Problem problem = Destinations.problem(destination);
        if (problem != null || !List.of("tel", "sip").contains(destination.type())) {
            throw ServiceException.invalid("INVALID_DESTINATION", problem != null ? problem.reason()
                    : "A destination of type '" + destination.type() + "' is not one call: it is rung as a groupcall.");
        }
        Address target = Destinations.normalised(destination);
        List<Route> dialroutes;
        if (metadata.forced()) {
            // a provider test: exactly the forced providers, known from the cache (no RPC per call). A sip destination
            // of a forced call goes through the forced provider, never around it: only its user part is used, at the
            // provider's host, so its own host is never contacted and not judged
            dialroutes = providers.forcedDialroutes(request.customerId(),
                    "tel".equals(target.type()) ? target.target() : null, metadata.routeProviderIds());
        } else if ("tel".equals(target.type())) {
            dialroutes = routes.dialroutes(new DialrouteQuery(request.customerId(), target.target(), List.of()));
        } else {
            // straight to its own host: refused here, before anything is stored, when the address rules forbid it
            // (the engine judges it once more when it dials, and dials the address it judged)
            guard.sipHop(target);
            dialroutes = List.of();
        }
        if ("sip".equals(target.type()) && metadata.codecs() == null) {
            // the customer's own choice for its sip destinations (outbound config); a forced provider that names
            // codecs still offers its own (sip/Sdp, dial/DialAttempt): they are the carrier trunk's configuration
            String allowed = codecs.storedFor(request.customerId());
            if (allowed != null) {
                metadata = metadata.withCodecs(allowed);
            }
        }
        if ("tel".equals(target.type()) && dialroutes.isEmpty()) {
            throw new ServiceException(ErrorStatus.FAILED_PRECONDITION, "NO_ROUTE",
                    "No route leads to " + target.target() + " for this customer.");
        }
        UUID callId = Ids.random();
        Activeflow activeflow = Ids.NIL.equals(request.flowId()) ? null : startFlow(request, callId);
        UUID activeflowId = activeflow == null ? Ids.NIL : activeflow.id();
        List<Call.Dialroute> routesForCall = dialroutes.stream().map(r -> new Call.Dialroute(r.id(), r.providerId())).toList();
        Call.Dialroute first = routesForCall.isEmpty() ? null : routesForCall.get(0);
        Call call = new Call(callId, request.customerId(), request.flowId(), activeflowId, Call.TYPE_FLOW,
                request.masterCallId(), groupcallId, request.source(), target, CallStatus.DIALING, metadata.asMap(), null,
                Call.OUTGOING, "", "", "", first == null ? Ids.NIL : first.id(), first == null ? Ids.NIL : first.providerId(),
                "", null, "", null, null, null, null, null, Times.now(), null, null, request.anonymous(), routesForCall,
                config.instanceId());
        store(call);
        lifecycle.start(call, activeflow == null ? null : activeflow.firstAction());
        return call;
    }

    /**
     * Makes the request's temporary flow, when it brings one, before a groupcall that runs it is placed (a groupcall
     * starts its activeflows when its legs answer, so its flow must exist first). A flow already there (made for an
     * earlier destination of the request, or by a repeat) is answered as it was made.
     */
    public void makeTemporaryFlow(CreateCallsRequest request) {
        CreateActiveflowRequest.TemporaryFlow flow = request.temporaryFlow();
        if (flow == null) {
            return;
        }
        UUID made;
        try {
            made = flows.createTemporaryFlow(request.flowId(), flow.customerId(), flow.detail(), flow.actions());
        } catch (ServiceException e) {
            throw flowFailure(e);
        }
        if (!made.equals(request.flowId())) {
            // a flow-manager older than caller-chosen ids: the groupcall would run a flow that is not there
            throw new ServiceException(ErrorStatus.UNAVAILABLE, "SERVICE_UNAVAILABLE", "flow-manager stored the"
                    + " temporary flow under an id of its own (an older version); the call was not placed.");
        }
    }

    /** The call's activeflow, making the request's temporary flow on the way when it brings one. */
    private Activeflow startFlow(CreateCallsRequest request, UUID callId) {
        CreateActiveflowRequest.TemporaryFlow temporary = request.temporaryFlow();
        try {
            return flows.createActiveflow(CreateActiveflowRequest.forCall(request.flowId(), callId, temporary));
        } catch (ServiceException e) {
            throw temporary == null ? e : flowFailure(e);
        }
    }

    /**
     * flow-manager refused the temporary flow a request brings (its actions are invalid, or its id is another
     * customer's flow): the whole request's answer, not one destination's, since every destination runs that flow and
     * none before it can have been placed (each would have made the flow first). {@code OutgoingCalls} lets it through.
     */
    public static final class FlowRefused extends ServiceException {
        FlowRefused(ServiceException refusal) {
            super(refusal.error(), refusal.httpStatus());
        }
    }

    /**
     * Pure: what a failed request for a call's flow, bringing the request's temporary flow, becomes. A refusal (4xx)
     * is the request's ({@link FlowRefused}); a request whose answer was lost or late may still make the flow in
     * flow-manager, so it becomes {@code REQUEST_TIMEOUT}, the reason route-manager keeps the provider call pending for
     * (its reconciliation deletes the flow once none can be made any more); anything else stays as it is.
     */
    static ServiceException flowFailure(ServiceException e) {
        if (e instanceof RpcTransportException t) {
            return t.mayHaveBeenServed() ? new ServiceException(ErrorStatus.UNAVAILABLE, "REQUEST_TIMEOUT",
                    "flow-manager's answer about the call's flow was lost or late; the call was not placed.") : e;
        }
        return e.httpStatus() >= 400 && e.httpStatus() < 500 ? new FlowRefused(e) : e;
    }

    /**
     * Stores a new call with its {@code call_created} (in the outbox, same transaction), group-committed with the
     * other calls of the moment ({@link CallWriter}); it is dialed only once stored. The event goes out before any
     * later event of the call: the relay sends the outbox in order.
     */
    private void store(Call call) {
        CompletableFuture<Boolean> stored = writer.insert(call, "call_created",
                RpcContext.currentRequestId(), once.markFor(call));
        try {
            stored.get(STORE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            stored.cancel(false);
            // a database that lags behind is a "not now": the caller may place it again in a second
            throw new ServiceException(ApiError.retryLater(ErrorStatus.UNAVAILABLE, "SERVICE_UNAVAILABLE",
                    "The call could not be stored in time; it was not placed.", 1));
        } catch (ExecutionException e) {
            throw Db.failure(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stored.cancel(false);
            throw new ServiceException(ErrorStatus.UNAVAILABLE, "REQUEST_CANCELED", "The request was canceled.");
        }
    }

    public Call get(UUID id) {
        Call call = Db.read(() -> calls.get(id));
        if (call == null) {
            throw notFound();
        }
        return call;
    }

    public Page<Call> list(UUID customerId, String pageToken, int pageSize) {
        PageToken after = PageToken.decode(pageToken);
        return Page.of(Db.read(() -> calls.listLive(customerId, after, pageSize)), pageSize, Call::tmCreate, Call::id);
    }

    /** Idempotent: an ended call is answered as it is. */
    public Call hangup(UUID id) {
        Call call = get(id);
        if (call.status() == CallStatus.HANGUP) {
            return call;
        }
        if (!call.ownerInstance().equals(config.instanceId())) {
            return forwardHangup(call);
        }
        if (!lifecycle.hangup(id, HangupRules.NORMAL)) {
            endLost(call, "The call was not live in its owning instance; its dialog was lost.");
        }
        return get(id);
    }

    /** Hangup without waiting, for a groupcall ending its legs; a leg whose dialog is lost ends at once. */
    public void hangupLater(UUID id) {
        if (!lifecycle.hangupLater(id, HangupRules.NORMAL)) {
            Call call = Db.read(() -> calls.get(id));
            if (call != null && call.status() != CallStatus.HANGUP) {
                endLost(call, "The call was not live in its owning instance; its dialog was lost.");
            }
        }
    }

    /** Hangs up a live call first, then soft-deletes it. */
    public Call delete(UUID id) {
        Call call = hangup(id);
        Call deleted = outbox.record("call_deleted", () -> calls.softDelete(call.id(), Times.now()));
        return deleted != null ? deleted : get(id);
    }

    /**
     * The call's SIP trace. {@code customerView}: a call that went through a provider (one of the platform's) is shown
     * without the provider's addresses, prefixes and headers ({@link SipTraceView}); a call dialed straight to the
     * customer's own sip destination is shown whole.
     */
    public List<SipMessageRecord> sipMessages(UUID id, boolean customerView) {
        Call call = get(id);
        trace.flush();
        List<SipMessageRecord> messages = trace.messages(id);
        if (!customerView || call.dialroutes().isEmpty()) {
            return messages;
        }
        String user = "sip".equals(call.destination().type())
                ? call.destination().target().replaceFirst("(?i)^sip:", "").replaceFirst("@.*$", "")
                : call.destination().target();
        return SipTraceView.forCustomer(messages, user);
    }

    private Call forwardHangup(Call call) {
        return owners.ask(call.ownerInstance(), api -> api.hangupCall(call.id()), Call.class, () -> {
            endLost(call, "The instance " + call.ownerInstance() + " holding the dialog is gone.");
            return get(call.id());
        });
    }

    private void endLost(Call call, String cause) {
        LOG.warnf("call %s ended as failed: %s", call.id(), cause);
        CallChanges.Hangup hangup = new CallChanges.Hangup(HangupRules.FAILED, HangupRules.BY_LOCAL, cause,
                Times.now(), null, null, null);
        Call ended = outbox.record("call_hangup", () -> transitions.markHangup(call.id(), hangup));
        if (ended != null && !Ids.NIL.equals(ended.groupcallId())) {
            legs.ended(ended);
        }
    }

    static ServiceException notFound() {
        return ServiceException.notFound("CALL_NOT_FOUND", "The call was not found.");
    }


    /** An address field, or null when absent; a malformed one is rejected by name. */
    public static Address address(Validation v, JsonNode node, String field) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject() || !node.path("type").isTextual() || !node.path("target").isTextual()) {
            v.reject(field, "must be an address {type, target}");
            return null;
        }
        try {
            return Json.convert(node, Address.class);
        } catch (IllegalArgumentException e) {
            v.reject(field, "must be an address {type, target}");
            return null;
        }
    }
}
