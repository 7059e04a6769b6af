package io.provtest.gateway.auth;

/**
 * Which credential a request presents, in the order the gateway has always read them: {@code Authorization:
 * Bearer <jwt>}, {@code Authorization: AccessKey <key>}, then {@code ?token=}, then {@code ?accesskey=}. Any other
 * Authorization scheme, or an empty value, is an invalid credential (401 INVALID_CREDENTIALS), not a missing one.
 */
public record PresentedCredential(Kind kind, String value) {

    public enum Kind { NONE, INVALID, TOKEN, ACCESS_KEY }

    public static PresentedCredential of(String authorization, String tokenParam, String accessKeyParam) {
        if (authorization != null && !authorization.isBlank()) {
            String header = authorization.trim();
            if (startsWithIgnoreCase(header, "Bearer ")) {
                return of(Kind.TOKEN, header.substring(7).trim());
            }
            if (startsWithIgnoreCase(header, "AccessKey ")) {
                return of(Kind.ACCESS_KEY, header.substring(10).trim());
            }
            return new PresentedCredential(Kind.INVALID, null);
        }
        if (tokenParam != null) {
            return of(Kind.TOKEN, tokenParam);
        }
        if (accessKeyParam != null) {
            return of(Kind.ACCESS_KEY, accessKeyParam);
        }
        return new PresentedCredential(Kind.NONE, null);
    }

    private static PresentedCredential of(Kind kind, String value) {
        return value.isEmpty() ? new PresentedCredential(Kind.INVALID, null) : new PresentedCredential(kind, value);
    }

    private static boolean startsWithIgnoreCase(String value, String prefix) {
        return value.regionMatches(true, 0, prefix, 0, prefix.length());
    }
}
