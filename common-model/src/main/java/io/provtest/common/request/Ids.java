package io.provtest.common.request;

import io.provtest.common.error.ServiceException;
import java.util.UUID;
import java.util.regex.Pattern;

/** UUID parsing that accepts only the canonical 8-4-4-4-12 form (java.util.UUID alone accepts "1-1-1-1-1"). */
public final class Ids {

    public static final UUID NIL = new UUID(0, 0);
    private static final Pattern CANONICAL =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private Ids() {
    }

    public static boolean isUuid(String text) {
        return text != null && CANONICAL.matcher(text).matches();
    }

    /** Parses a path id; anything else is 400 INVALID_ID. */
    public static UUID parseId(String text) {
        if (!isUuid(text)) {
            throw ServiceException.invalid("INVALID_ID", "The provided id is not a valid UUID.");
        }
        return UUID.fromString(text);
    }

    public static UUID random() {
        return UUID.randomUUID();
    }
}
