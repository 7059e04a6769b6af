package io.provtest.route.number;

import io.provtest.common.error.Validation;
import io.provtest.common.model.E164;
import java.util.UUID;

/** The field rules of a number (pure; unit-tested beside). */
public final class NumberRules {

    public static final String ACTIVE = "active";
    public static final String DISABLED = "disabled";

    private NumberRules() {
    }

    /** What a client sends (create and full replace); {@code customer_id} is set by the gateway. */
    public record Spec(UUID customerId, String number, String status, String name, String detail) {
    }

    /**
     * One 400 naming every bad field. The number is normalised first ("+1 (415) 555-0100" → "+14155550100") and
     * must then be E.164; status defaults to active.
     */
    public static Spec validate(Spec in) {
        Validation v = new Validation();
        if (in == null) {
            v.reject("number", "is required").throwIfInvalid("INVALID_ARGUMENT");
        }
        if (in.customerId() == null) {
            v.reject("customer_id", "is required");
        }
        String number = E164.normalise(in.number());
        if (!E164.isValid(number)) {
            v.reject("number", "must be an E.164 number: + and 7 to 15 digits");
        }
        String status = in.status() == null || in.status().isEmpty() ? ACTIVE : in.status();
        if (!ACTIVE.equals(status) && !DISABLED.equals(status)) {
            v.reject("status", "must be active or disabled");
        }
        String name = text(v, "name", in.name(), 255);
        String detail = text(v, "detail", in.detail(), 2048);
        v.throwIfInvalid("INVALID_ARGUMENT");
        return new Spec(in.customerId(), number, status, name, detail);
    }

    private static String text(Validation v, String field, String value, int max) {
        String text = value == null ? "" : value;
        if (text.length() > max) {
            v.reject(field, "must be at most " + max + " characters");
        } else if (text.chars().anyMatch(ch -> ch < 0x20 && ch != '\t')) {
            v.reject(field, "must not contain control characters");
        }
        return text;
    }
}
