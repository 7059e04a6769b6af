package io.provtest.common.error;

import java.util.List;

/** Thrown by business code for an expected failure; becomes a typed reply, never a 500. */
public class ServiceException extends RuntimeException {

    private final ApiError error;
    private final int httpStatus;

    public ServiceException(ApiError error) {
        this(error, error.httpStatus());
    }

    /** For the rare answer whose HTTP code is not its status's usual one (422 for a reused idempotency key). */
    public ServiceException(ApiError error, int httpStatus) {
        super(error.reason() + ": " + error.message(), null, false, false);
        this.error = error;
        this.httpStatus = httpStatus;
    }

    public ServiceException(ErrorStatus status, String reason, String message) {
        this(ApiError.of(status, reason, message));
    }

    public ApiError error() {
        return error;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public static ServiceException invalid(String reason, String message) {
        return new ServiceException(ErrorStatus.INVALID_ARGUMENT, reason, message);
    }

    public static ServiceException invalid(String reason, String message, List<FieldViolation> details) {
        return new ServiceException(new ApiError(ErrorStatus.INVALID_ARGUMENT, reason, message, null, List.copyOf(details)));
    }

    public static ServiceException notFound(String reason, String message) {
        return new ServiceException(ErrorStatus.NOT_FOUND, reason, message);
    }

    public static ServiceException forbidden() {
        return new ServiceException(ErrorStatus.PERMISSION_DENIED, "PERMISSION_DENIED",
                "You do not have permission to access this resource.");
    }

    public static ServiceException internal(String message) {
        return new ServiceException(ErrorStatus.INTERNAL, "INTERNAL", message);
    }
}
