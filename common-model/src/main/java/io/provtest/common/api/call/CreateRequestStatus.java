package io.provtest.common.api.call;

/** {@code {"status":"served","result":{…}}} or {@code {"status":"serving"}} while the first request is placing. */
public record CreateRequestStatus(String status, CallsCreated result) {

    public static final String SERVED = "served";

    public boolean served() {
        return SERVED.equals(status);
    }
}
