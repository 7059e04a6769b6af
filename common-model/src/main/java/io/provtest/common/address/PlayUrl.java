package io.provtest.common.address;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * A URL the platform fetches audio from: {@code http} or {@code https}, a {@link HostPort} host, no user
 * information (so {@code http://public.example@10.0.0.1/} cannot disguise where it goes), at most
 * {@value #MAX_LENGTH} characters.
 *
 * @param uri  the URL as parsed by {@link URI}, which is also what is requested
 * @param host its host, as {@link HostPort}
 * @param port the port (the scheme's default when none is written)
 */
public record PlayUrl(URI uri, HostPort host, int port) {

    public static final int MAX_LENGTH = 2048;

    public static PlayUrl parse(String text) {
        if (text == null || text.isEmpty() || text.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("must be an http(s) URL of at most " + MAX_LENGTH + " characters");
        }
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("is not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("must be an http or https URL");
        }
        // URI leaves the host null when it is not a valid server authority (an underscore, say), and other parsers
        // would then guess: such a URL is refused instead
        if (uri.getHost() == null || uri.getRawUserInfo() != null || uri.getRawAuthority() == null) {
            throw new IllegalArgumentException("must name a host, without user information");
        }
        HostPort host;
        try {
            host = HostPort.parse(uri.getHost());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("has an invalid host: " + e.getMessage(), e);
        }
        int port = uri.getPort() >= 0 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("has an invalid port");
        }
        return new PlayUrl(uri, host, port);
    }

    public boolean https() {
        return "https".equalsIgnoreCase(uri.getScheme());
    }
}
