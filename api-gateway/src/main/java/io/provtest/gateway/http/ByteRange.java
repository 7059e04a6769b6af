package io.provtest.gateway.http;

import io.provtest.common.error.ApiError;
import io.provtest.common.error.ErrorStatus;
import io.provtest.common.error.ServiceException;

/**
 * One HTTP byte range (RFC 9110 14.1) resolved against a body of {@code size} bytes: {@code first} to {@code last}
 * inclusive. Pure. A header this server does not use (absent, another unit, several ranges, malformed) means the
 * whole body, as the RFC allows; a well-formed range that starts past the end is 416 RANGE_NOT_SATISFIABLE.
 */
public record ByteRange(long first, long last) {

    public long length() {
        return last - first + 1;
    }

    /** Null when the whole body is to be sent (200), else the range to send (206). */
    public static ByteRange parse(String header, long size) {
        if (header == null || !header.trim().toLowerCase().startsWith("bytes=")) {
            return null;
        }
        String spec = header.trim().substring(6).trim();
        int dash = spec.indexOf('-');
        if (spec.contains(",") || dash < 0) {
            return null;
        }
        String from = spec.substring(0, dash).trim();
        String to = spec.substring(dash + 1).trim();
        try {
            if (from.isEmpty()) {
                long suffix = Long.parseLong(to);
                if (suffix <= 0 || size == 0) {
                    throw unsatisfiable(size);
                }
                return new ByteRange(Math.max(0, size - suffix), size - 1);
            }
            long first = Long.parseLong(from);
            long last = to.isEmpty() ? Long.MAX_VALUE : Long.parseLong(to);
            if (first < 0 || last < first) {
                return null;
            }
            if (first >= size) {
                throw unsatisfiable(size);
            }
            return new ByteRange(first, Math.min(last, size - 1));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static ServiceException unsatisfiable(long size) {
        return new ServiceException(ApiError.of(ErrorStatus.INVALID_ARGUMENT, "RANGE_NOT_SATISFIABLE",
                "The range asked for is outside the recording, which is " + size + " bytes long."), 416);
    }
}
