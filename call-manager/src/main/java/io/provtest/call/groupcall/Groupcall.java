package io.provtest.call.groupcall;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.provtest.common.error.ApiError;
import io.provtest.common.model.Address;
import io.provtest.common.request.Ids;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Several destinations rung as one: {@code ring_all} at once or {@code linear} one after another, the first answer
 * winning. {@code call_count} and {@code groupcall_count} are the legs still alive, counted from the legs themselves
 * on every read (never a counter kept beside them, which could drift). {@code errors} lists the destinations that
 * got no leg, with the typed reason.
 */
public record Groupcall(UUID id, UUID customerId, UUID flowId, String status, Address source,
                        List<Address> destinations, String ringMethod, String answerMethod, String anonymous,
                        Map<String, Object> metadata, UUID masterCallId, UUID masterGroupcallId, UUID answerCallId,
                        UUID answerGroupcallId, List<UUID> callIds, List<UUID> groupcallIds, List<LegError> errors,
                        int dialIndex, int callCount, int groupcallCount, String hangupCause,
                        Instant tmCreate, Instant tmUpdate, Instant tmDelete,
                        @JsonIgnore String ownerInstance) {

    public static final String PROGRESSING = "progressing";
    public static final String HANGINGUP = "hangingup";
    public static final String HANGUP = "hangup";
    public static final String RING_ALL = "ring_all";
    public static final String LINEAR = "linear";
    public static final String HANGUP_OTHERS = "hangup_others";

    /** A destination that got no leg. */
    public record LegError(int index, Address destination, ApiError error) {
    }

    @JsonIgnore
    public boolean answered() {
        return !Ids.NIL.equals(answerCallId)
                || !Ids.NIL.equals(answerGroupcallId);
    }

    @JsonIgnore
    public int liveLegs() {
        return callCount + groupcallCount;
    }
}
