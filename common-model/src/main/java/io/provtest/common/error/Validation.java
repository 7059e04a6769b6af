package io.provtest.common.error;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects field-level violations so that one answer names every bad field, then fails once.
 */
public final class Validation {

    private final List<FieldViolation> violations = new ArrayList<>();

    public Validation reject(String field, String reason) {
        violations.add(new FieldViolation(field, reason));
        return this;
    }

    public boolean ok() {
        return violations.isEmpty();
    }

    public List<FieldViolation> violations() {
        return List.copyOf(violations);
    }

    /** Throws INVALID_ARGUMENT with the given reason if anything was rejected; the message names the first field. */
    public void throwIfInvalid(String reason) {
        if (violations.isEmpty()) {
            return;
        }
        FieldViolation first = violations.get(0);
        String message = first.field() + ": " + first.reason()
                + (violations.size() > 1 ? " (and " + (violations.size() - 1) + " more)" : "");
        throw ServiceException.invalid(reason, message, violations);
    }
}
