package io.provtest.call.call;

import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

/**
 * Changes of a call that is not live in this instance (its dialog was lost: a restart, a gone owner), made on the
 * stored row. A single conditional UPDATE whose WHERE carries the statuses the change may start from, so the status
 * machine holds even when it races the owner's own writes; a change that does not apply yields null. Live calls are
 * changed in memory by {@link CallChanges} and written behind by {@link CallWriter}.
 */
@ApplicationScoped
public class CallTransitions {

    private final CallRepository calls;

    public CallTransitions(CallRepository calls) {
        this.calls = calls;
    }

    public Uni<Call> markHangup(UUID id, CallChanges.Hangup h) {
        StringBuilder set = new StringBuilder(", status = :next, hangupReason = :reason, hangupBy = :by,"
                + " hangupCause = :cause, tmHangup = :at");
        Parameters params = Parameters.with("next", CallStatus.HANGUP.wire()).and("reason", h.reason())
                .and("by", h.by()).and("cause", h.cause() == null ? "" : h.cause()).and("at", h.at());
        if (h.sipCode() != null) {
            set.append(", sipStatusCode = :code, sipReason = :sipReason");
            params = params.and("code", h.sipCode()).and("sipReason", h.sipReason() == null ? "" : h.sipReason());
        }
        List<String> from = CallStatus.allowedBefore(CallStatus.HANGUP).stream().map(CallStatus::wire).toList();
        return calls.change(id, from, set.toString(), params, h.at(),
                h.rtpStats() == null ? null : call -> call.rtpStats = h.rtpStats());
    }
}
