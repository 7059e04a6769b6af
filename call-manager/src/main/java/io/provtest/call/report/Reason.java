package io.provtest.call.report;

import com.fasterxml.jackson.annotation.JsonInclude;

/** One finding: a short code to filter on and a sentence an operator can act on ({@code sip_status_code} for REJECTED). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Reason(String code, String message, Integer sipStatusCode) {

    public static Reason of(String code, String message) {
        return new Reason(code, message, null);
    }
}
