package io.provtest.common.page;

import io.provtest.common.error.ServiceException;
import io.provtest.common.error.Validation;
import io.provtest.common.time.Times;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

/**
 * The keyset position of a list page: the (tm_create, id) of the last row served. Opaque to clients (base64url),
 * so that rows sharing a timestamp are neither skipped nor repeated.
 */
public record PageToken(Instant tmCreate, UUID id) {

    public static final int MAX_PAGE_SIZE = 100;

    public String encode() {
        String raw = Times.format(tmCreate) + "|" + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    /** Null for a missing or empty token (first page). A token that does not decode is a 400. */
    public static PageToken decode(String token) {
        if (token == null || token.isEmpty()) {
            return null;
        }
        try {
            String raw = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            int bar = raw.indexOf('|');
            return new PageToken(Times.parse(raw.substring(0, bar)), UUID.fromString(raw.substring(bar + 1)));
        } catch (RuntimeException e) {
            throw ServiceException.invalid("INVALID_PAGE_TOKEN", "The page_token is not one this API issued.");
        }
    }

    /** page_size outside 1..100 is clamped, never an error (DESIGN.md section 8). */
    public static int clampPageSize(Integer requested) {
        if (requested == null || requested <= 0 || requested > MAX_PAGE_SIZE) {
            return MAX_PAGE_SIZE;
        }
        return requested;
    }

    /** As above for a query parameter; one that is not an integer at all is 400 INVALID_ARGUMENT (field page_size). */
    public static int clampPageSize(String requested) {
        if (requested == null || requested.isBlank()) {
            return MAX_PAGE_SIZE;
        }
        String text = requested.trim();
        if (!text.matches("[+-]?[0-9]{1,18}")) {
            new Validation().reject("page_size", "must be an integer").throwIfInvalid("INVALID_ARGUMENT");
        }
        long value = Long.parseLong(text);
        return value > MAX_PAGE_SIZE ? MAX_PAGE_SIZE : clampPageSize((int) value);
    }
}
