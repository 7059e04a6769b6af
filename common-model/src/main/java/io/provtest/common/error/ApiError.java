package io.provtest.common.error;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The typed error carried in RPC replies and in the HTTP envelope. {@code requestId} is filled in only by the
 * gateway; {@code details} only when validation failed on named fields.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ApiError(ErrorStatus status, String reason, String message, String requestId, List<FieldViolation> details) {

    public static ApiError of(ErrorStatus status, String reason, String message) {
        return new ApiError(status, reason, message, null, List.of());
    }

    public ApiError withRequestId(String id) {
        return new ApiError(status, reason, message, id, details);
    }

    public int httpStatus() {
        return status.httpStatus();
    }
}
