package io.provtest.common.error;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The typed error carried in RPC replies and in the HTTP envelope. {@code requestId} is filled in only by the
 * gateway; {@code details} only when validation failed on named fields; {@code retryAfterSeconds} only when the
 * refusal says when to come back (a service at capacity), and the gateway sends it as {@code Retry-After} too.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ApiError(ErrorStatus status, String reason, String message, String requestId, List<FieldViolation> details,
                       Integer retryAfterSeconds) {

    public ApiError(ErrorStatus status, String reason, String message, String requestId, List<FieldViolation> details) {
        this(status, reason, message, requestId, details, null);
    }

    public static ApiError of(ErrorStatus status, String reason, String message) {
        return new ApiError(status, reason, message, null, List.of());
    }

    /** A refusal that tells the caller when to try again. */
    public static ApiError retryLater(ErrorStatus status, String reason, String message, int retryAfterSeconds) {
        return new ApiError(status, reason, message, null, List.of(), retryAfterSeconds);
    }

    public ApiError withRequestId(String id) {
        return new ApiError(status, reason, message, id, details, retryAfterSeconds);
    }

    public int httpStatus() {
        return status.httpStatus();
    }
}
