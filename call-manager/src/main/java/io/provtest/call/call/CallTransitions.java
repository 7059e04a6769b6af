package io.provtest.call.call;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * The typed changes of a call's row. Each one is a single conditional UPDATE whose WHERE carries the statuses the
 * change may start from ({@link CallStatus#allowedBefore} for a status move, "not hung up" for the other columns),
 * so the status machine is enforced by the database statement even when two threads race; a change that does not
 * apply yields null. Chosen over SELECT … FOR UPDATE + edit: one round trip instead of two, no row lock held while
 * Java decides. Each returns a Uni to run inside a unit of work ({@code Db.transaction} or {@code Outbox.record}).
 */
@ApplicationScoped
public class CallTransitions {

    /** How a call ended; {@code sipCode} null when no final SIP response says it; {@code rtpStats} null unless asked. */
    public record Hangup(String reason, String by, String cause, Instant at, Integer sipCode, String sipReason,
                         JsonNode rtpStats) {
    }

    private static final Set<CallStatus> LIVE = EnumSet.complementOf(EnumSet.of(CallStatus.HANGUP));

    private final CallRepository calls;

    public CallTransitions(CallRepository calls) {
        this.calls = calls;
    }

    public Uni<Call> markRinging(UUID id, Instant at) {
        return move(id, CallStatus.RINGING, ", tmRinging = :at", Parameters.with("at", at), at);
    }

    public Uni<Call> markProgressing(UUID id, Instant at, int sipCode, String sipReason) {
        return move(id, CallStatus.PROGRESSING, ", tmProgressing = :at, sipStatusCode = :code, sipReason = :reason",
                Parameters.with("at", at).and("code", sipCode).and("reason", orEmpty(sipReason)), at);
    }

    public Uni<Call> markCanceling(UUID id, Instant at) {
        return move(id, CallStatus.CANCELING, "", null, at);
    }

    public Uni<Call> markTerminating(UUID id, Instant at) {
        return move(id, CallStatus.TERMINATING, "", null, at);
    }

    public Uni<Call> markHangup(UUID id, Hangup h) {
        StringBuilder set = new StringBuilder(", hangupReason = :reason, hangupBy = :by, hangupCause = :cause,"
                + " tmHangup = :at");
        Parameters params = Parameters.with("reason", h.reason()).and("by", h.by()).and("cause", orEmpty(h.cause()))
                .and("at", h.at());
        if (h.sipCode() != null) {
            set.append(", sipStatusCode = :code, sipReason = :sipReason");
            params = params.and("code", h.sipCode()).and("sipReason", orEmpty(h.sipReason()));
        }
        JsonNode rtpStats = h.rtpStats();
        return move(id, CallStatus.HANGUP, set.toString(), params, h.at(),
                rtpStats == null ? null : call -> call.rtpStats = rtpStats);
    }

    /** The INVITE of an attempt went out: its Call-ID and, through a provider, the dialroute used. */
    public Uni<Call> attemptStarted(UUID id, String sipCallId, UUID dialrouteId, UUID providerId, Instant at) {
        if (dialrouteId == null) {
            return live(id, "sipCallId = :sip", Parameters.with("sip", sipCallId), at);
        }
        return live(id, "sipCallId = :sip, dialrouteId = :route, providerId = :provider",
                Parameters.with("sip", sipCallId).and("route", dialrouteId).and("provider", providerId), at);
    }

    /** A groupcall's winning leg runs the groupcall's flow. */
    public Uni<Call> flowStarted(UUID id, UUID flowId, UUID activeflowId, Instant at) {
        return live(id, "flowId = :flow, activeflowId = :activeflow",
                Parameters.with("flow", flowId).and("activeflow", activeflowId), at);
    }

    public Uni<Call> actionStarted(UUID id, JsonNode action, Instant at) {
        return calls.change(id, wires(LIVE), "", new Parameters(), at, call -> call.action = action);
    }

    /** A final response that does not end the call by itself (a failover follows). */
    public Uni<Call> finalResponse(UUID id, int sipCode, String sipReason, Instant at) {
        return live(id, "sipStatusCode = :code, sipReason = :reason",
                Parameters.with("code", sipCode).and("reason", orEmpty(sipReason)), at);
    }

    private Uni<Call> move(UUID id, CallStatus next, String more, Parameters params, Instant at) {
        return move(id, next, more, params, at, null);
    }

    private Uni<Call> move(UUID id, CallStatus next, String more, Parameters params, Instant at,
                           Consumer<CallEntity> edit) {
        Parameters all = (params == null ? Parameters.with("next", next.wire()) : params.and("next", next.wire()));
        return calls.change(id, wires(CallStatus.allowedBefore(next)), ", status = :next" + more, all, at, edit);
    }

    private Uni<Call> live(UUID id, String assignments, Parameters params, Instant at) {
        return calls.change(id, wires(LIVE), ", " + assignments, params, at, null);
    }

    private static List<String> wires(Set<CallStatus> statuses) {
        return statuses.stream().map(CallStatus::wire).toList();
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
