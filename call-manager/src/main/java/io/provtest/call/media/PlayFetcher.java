package io.provtest.call.media;

import io.provtest.call.address.DestinationGuard;
import io.provtest.common.address.PlayUrl;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.apache.http.Header;
import org.apache.http.HttpEntity;
import org.apache.http.HttpHost;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.client.methods.HttpGet;
import org.apache.http.impl.NoConnectionReuseStrategy;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClients;
import org.jboss.logging.Logger;

/**
 * Fetches the WAV files of a play action, as safely as a URL a customer chose can be fetched:
 *
 * <ul>
 *   <li>the host is resolved and judged by the address rules ({@link DestinationGuard}) and the connection goes to
 *       the judged address (an {@link HttpHost} carrying it; the client's own resolver refuses every name), so a
 *       second DNS answer cannot send it elsewhere; TLS still checks the certificate against the name;</li>
 *   <li>redirects are followed here, at most {@link PlayConfig#maxRedirects()}, each target judged again;</li>
 *   <li>a connect timeout per hop and one total deadline for the URL (a watchdog aborts the request there, and the
 *       body loop checks it), so a slow drip is cut off;</li>
 *   <li>the size is capped while streaming, a declared non-audio content type is refused before the body is read,
 *       and the RIFF/WAVE magic is checked on the first bytes;</li>
 *   <li>the format (PCM 8/16-bit, 8–48 kHz, 1–2 channels) is checked before decoding ({@link Wav}).</li>
 * </ul>
 *
 * A failure reaches the customer (the call's hangup cause) as one of three fixed sentences that say nothing about
 * what answered; the detail goes to the log for operators.
 */
@Singleton
public class PlayFetcher {

    private static final Logger LOG = Logger.getLogger(PlayFetcher.class);
    /** Declared types a WAV may come with; none declared is judged by the bytes alone. */
    static final Set<String> WAV_TYPES = Set.of("audio/wav", "audio/x-wav", "audio/wave", "audio/vnd.wave",
            "application/octet-stream");
    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);

    /** Why a URL gave no audio; the message is for the log, the customer sees {@link #customerMessage}. */
    static final class Failure extends Exception {
        enum Kind { NOT_ALLOWED, UNAVAILABLE, NOT_A_WAV }

        final Kind kind;

        Failure(Kind kind, String message) {
            super(message, null, false, false);
            this.kind = kind;
        }
    }

    /** What the action fails with; its message becomes the call's hangup cause. */
    public static final class PlayFailure extends RuntimeException {
        PlayFailure(String message) {
            super(message, null, false, false);
        }
    }

    private final DestinationGuard guard;
    private final PlayConfig config;
    private final CloseableHttpClient http;
    private final ScheduledExecutorService watchdog;

    public PlayFetcher(DestinationGuard guard, PlayConfig config) {
        this.guard = guard;
        this.config = config;
        this.http = HttpClients.custom()
                .disableRedirectHandling()
                .disableContentCompression() // no gzip bomb: the size cap counts the bytes as sent
                .disableCookieManagement()
                .disableAuthCaching()
                .disableAutomaticRetries()
                .setConnectionReuseStrategy(NoConnectionReuseStrategy.INSTANCE)
                .setDnsResolver(name -> {
                    // every request carries its judged address; a name reaching here would bypass the rules
                    throw new UnknownHostException(name + " was not judged by the address rules");
                })
                .setMaxConnTotal(32)
                .setMaxConnPerRoute(8)
                .setUserAgent("provtest-call-manager")
                .build();
        this.watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "play-fetch-watchdog");
            t.setDaemon(true);
            return t;
        });
    }

    @PreDestroy
    void close() throws IOException {
        watchdog.shutdownNow();
        http.close();
    }

    /**
     * The audio of {@code stream_urls[index]} as 8 kHz mono samples.
     *
     * @throws PlayFailure with a message fit for the customer
     */
    public short[] fetch(String url, int index) {
        String field = "stream_urls[" + index + "]";
        long deadline = System.nanoTime() + config.totalTimeout().toNanos();
        try {
            byte[] wav = download(url, deadline);
            try {
                return Wav.to8kMono(wav);
            } catch (IllegalArgumentException e) {
                throw new Failure(Failure.Kind.NOT_A_WAV, e.getMessage());
            }
        } catch (Failure e) {
            LOG.infof("play %s (%s) gave no audio: %s", field, origin(url), e.getMessage());
            throw new PlayFailure(customerMessage(field, e.kind));
        }
    }

    /** Fixed sentences: nothing of what answered (status, headers, body, timing) reaches the customer. */
    String customerMessage(String field, Failure.Kind kind) {
        return switch (kind) {
            case NOT_ALLOWED -> field + " leads to an address this platform does not contact (DESTINATION_NOT_ALLOWED)";
            case UNAVAILABLE -> field + " could not be fetched";
            case NOT_A_WAV -> field + " is not a WAV file this platform plays (PCM 8 or 16 bit, 8 to 48 kHz, 1 or 2"
                    + " channels, at most " + config.maxBytes() / (1024 * 1024) + " MB)";
        };
    }

    private byte[] download(String url, long deadline) throws Failure {
        PlayUrl target = parse(url);
        for (int hop = 0; ; hop++) {
            InetAddress address = judge(target, deadline);
            HttpGet get = new HttpGet(target.uri());
            long remaining = remainingMillis(deadline);
            get.setConfig(RequestConfig.custom()
                    .setConnectTimeout((int) Math.min(config.connectTimeout().toMillis(), remaining))
                    .setSocketTimeout((int) remaining)
                    .setConnectionRequestTimeout((int) Math.min(1000, remaining))
                    .setRedirectsEnabled(false)
                    .build());
            get.setHeader("Accept", "audio/wav, audio/x-wav, audio/*;q=0.5");
            // the explicit port keeps the address: the route planner rebuilds a host without one from its name
            HttpHost host = new HttpHost(address, target.host().uriHost(), target.port(), target.uri().getScheme());
            ScheduledFuture<?> abort = watchdog.schedule(get::abort, remaining, TimeUnit.MILLISECONDS);
            try (CloseableHttpResponse response = http.execute(host, get)) {
                int status = response.getStatusLine().getStatusCode();
                if (REDIRECTS.contains(status)) {
                    target = redirect(target, response.getFirstHeader("Location"), hop);
                    continue;
                }
                if (status != 200) {
                    throw new Failure(Failure.Kind.UNAVAILABLE, "answered HTTP " + status);
                }
                return body(get, response.getEntity(), deadline);
            } catch (IOException e) {
                // the watchdog's abort shows here as a closed socket
                throw new Failure(Failure.Kind.UNAVAILABLE, e + " (" + (config.totalTimeout().toMillis()
                        - TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())) + " ms into the fetch)");
            } finally {
                abort.cancel(false);
            }
        }
    }

    private static PlayUrl parse(String url) throws Failure {
        try {
            return PlayUrl.parse(url);
        } catch (IllegalArgumentException e) {
            // refused at flow creation already; a flow stored before the rules existed lands here
            throw new Failure(Failure.Kind.NOT_ALLOWED, "the URL " + e.getMessage());
        }
    }

    private InetAddress judge(PlayUrl target, long deadline) throws Failure {
        try {
            return guard.playAddress(target, Duration.ofMillis(remainingMillis(deadline)));
        } catch (DestinationGuard.NotAllowed e) {
            throw new Failure(Failure.Kind.NOT_ALLOWED, e.getMessage());
        } catch (UnknownHostException e) {
            throw new Failure(Failure.Kind.UNAVAILABLE, "unresolvable: " + e.getMessage());
        }
    }

    private PlayUrl redirect(PlayUrl from, Header location, int hop) throws Failure {
        if (location == null) {
            throw new Failure(Failure.Kind.UNAVAILABLE, "a redirect without Location");
        }
        if (hop >= config.maxRedirects()) {
            throw new Failure(Failure.Kind.UNAVAILABLE, "more than " + config.maxRedirects() + " redirects");
        }
        try {
            return PlayUrl.parse(from.uri().resolve(location.getValue()).toString());
        } catch (IllegalArgumentException e) {
            throw new Failure(Failure.Kind.NOT_ALLOWED, "a redirect to a URL that " + e.getMessage());
        }
    }

    /**
     * The body, refused as soon as it breaks a rule. A refusal aborts the request before the stream is closed: closing
     * a chunked body reads it to its end so that the connection can be reused, which for an endless or oversized body
     * meant downloading on until the deadline after the cap had refused it (PlayFetcherTest's endless body: 1.5 s of
     * reading on a slow machine instead of milliseconds).
     */
    private byte[] body(HttpGet get, HttpEntity entity, long deadline) throws Failure, IOException {
        if (entity == null) {
            throw new Failure(Failure.Kind.NOT_A_WAV, "no body");
        }
        Header type = entity.getContentType();
        if (type != null) {
            String mediaType = type.getValue().split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
            if (!WAV_TYPES.contains(mediaType)) {
                throw new Failure(Failure.Kind.NOT_A_WAV, "content type " + mediaType);
            }
        }
        if (entity.getContentLength() > config.maxBytes()) {
            throw new Failure(Failure.Kind.NOT_A_WAV, "declares " + entity.getContentLength() + " bytes");
        }
        InputStream in = entity.getContent();
        byte[] wav;
        try {
            wav = read(in, deadline);
        } catch (Failure | IOException e) {
            get.abort(); // first: the close below then ends the connection instead of draining it
            closeQuietly(in);
            throw e;
        }
        in.close();
        return wav;
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException e) {
            // the request is aborted: its stream may only say so
        }
    }

    private byte[] read(InputStream in, long deadline) throws Failure, IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[16 * 1024];
        int n;
        while ((n = in.read(buffer)) >= 0) {
            if (System.nanoTime() - deadline >= 0) {
                throw new Failure(Failure.Kind.UNAVAILABLE,
                        "the body took longer than " + config.totalTimeout().toMillis() + " ms");
            }
            int before = out.size();
            out.write(buffer, 0, n);
            if (out.size() > config.maxBytes()) {
                throw new Failure(Failure.Kind.NOT_A_WAV, "more than " + config.maxBytes() + " bytes");
            }
            if (before < Wav.MAGIC_LENGTH && out.size() >= Wav.MAGIC_LENGTH && !Wav.hasMagic(out.toByteArray())) {
                throw new Failure(Failure.Kind.NOT_A_WAV, "the body does not start as a RIFF/WAVE file");
            }
        }
        return out.toByteArray();
    }

    private static long remainingMillis(long deadline) throws Failure {
        long remaining = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (remaining <= 0) {
            throw new Failure(Failure.Kind.UNAVAILABLE, "out of time");
        }
        return remaining;
    }

    /** scheme://host:port, for the log: a signed URL's path and query may hold credentials. */
    private static String origin(String url) {
        try {
            java.net.URI uri = java.net.URI.create(url);
            return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
        } catch (IllegalArgumentException e) {
            return "an invalid URL";
        }
    }
}
