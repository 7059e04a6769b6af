package io.provtest.gateway.webhook;

import io.provtest.common.address.AddressRanges;
import io.provtest.common.address.AddressRules;
import io.provtest.common.address.AllowList;
import io.provtest.common.address.PlayUrl;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.http.HttpHost;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.client.methods.HttpEntityEnclosingRequestBase;
import org.apache.http.client.methods.HttpPost;
import org.apache.http.client.methods.HttpPut;
import org.apache.http.entity.ByteArrayEntity;
import org.apache.http.entity.ContentType;
import org.apache.http.impl.NoConnectionReuseStrategy;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClients;

/**
 * One attempt of one delivery, as safely as a URL a customer chose can be contacted (the same way call-manager's
 * PlayFetcher fetches play URLs): the host is resolved and every address judged by the address rules, the
 * connection goes to the judged address (the client's own resolver refuses every name, so a second DNS answer
 * cannot redirect it), redirects are not followed, and one deadline covers the whole attempt. Runs on a sender
 * thread of {@link WebhookDispatcher}, never on a consumer or request thread.
 */
@Singleton
public class WebhookSender {

    /** What one attempt came to. {@code refused}: the address rules refused the target (not tried again). */
    public record Outcome(Integer statusCode, long latencyMs, String error, boolean refused) {

        public boolean delivered() {
            return statusCode != null && statusCode >= 200 && statusCode < 300;
        }
    }

    private static final int MAX_LOOKUPS = 8;

    private final WebhookConfig config;
    private final AllowList allowed;
    private final CloseableHttpClient http;
    private final ScheduledExecutorService watchdog;
    private final ThreadPoolExecutor lookups;
    private volatile Set<InetAddress> ownAddresses;
    private volatile long ownAddressesReadAt;

    public WebhookSender(WebhookConfig config) {
        this.config = config;
        this.allowed = config.allowList();
        this.http = HttpClients.custom()
                .disableRedirectHandling()
                .disableContentCompression()
                .disableCookieManagement()
                .disableAuthCaching()
                .disableAutomaticRetries() // the dispatcher retries, with the log to show it
                .setConnectionReuseStrategy(NoConnectionReuseStrategy.INSTANCE)
                .setDnsResolver(name -> {
                    throw new UnknownHostException(name + " was not judged by the address rules");
                })
                .setMaxConnTotal(Math.max(2, config.senders()))
                .setMaxConnPerRoute(Math.max(2, config.senders()))
                .setUserAgent("provtest-webhooks")
                .build();
        this.watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "webhook-watchdog");
            t.setDaemon(true);
            return t;
        });
        // a lookup cannot be interrupted: it runs here and the sender stops waiting at its deadline
        this.lookups = new ThreadPoolExecutor(0, MAX_LOOKUPS, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
            Thread t = new Thread(r, "webhook-dns");
            t.setDaemon(true);
            return t;
        });
    }

    @PreDestroy
    void close() throws IOException {
        watchdog.shutdownNow();
        lookups.shutdownNow();
        http.close();
    }

    /** Sends {@code body} to {@code uri} signed with {@code secret} at this second; never throws. */
    public Outcome send(String uri, String method, String deliveryId, String eventType, String body, String secret) {
        long started = System.nanoTime();
        long deadline = started + config.requestTimeout().toNanos();
        PlayUrl url;
        try {
            url = PlayUrl.parse(uri);
        } catch (IllegalArgumentException e) {
            return new Outcome(null, 0, "the webhook_uri " + e.getMessage(), true);
        }
        InetAddress address;
        try {
            address = judge(url, deadline);
        } catch (UnknownHostException e) {
            return new Outcome(null, millisSince(started), "the host did not resolve: " + e.getMessage(), false);
        }
        if (address == null) {
            return new Outcome(null, millisSince(started), url.host().host() + " is or resolves to an address this"
                    + " platform does not contact (" + AddressRules.NOT_ALLOWED + "; " + WebhookTarget.ALLOW_SETTING
                    + ")", true);
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        HttpEntityEnclosingRequestBase request = "PUT".equals(method) ? new HttpPut(url.uri()) : new HttpPost(url.uri());
        int remaining = (int) Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
        request.setConfig(RequestConfig.custom()
                .setConnectTimeout((int) Math.min(config.connectTimeout().toMillis(), remaining))
                .setSocketTimeout(remaining)
                .setConnectionRequestTimeout(Math.min(1000, remaining))
                .setRedirectsEnabled(false)
                .build());
        request.setEntity(new ByteArrayEntity(bytes, ContentType.APPLICATION_JSON));
        request.setHeader("X-Webhook-Id", deliveryId);
        request.setHeader("X-Webhook-Event", eventType);
        request.setHeader(WebhookSignature.HEADER,
                WebhookSignature.header(secret, System.currentTimeMillis() / 1000, bytes));
        HttpHost host = new HttpHost(address, url.host().uriHost(), url.port(), url.uri().getScheme());
        ScheduledFuture<?> abort = watchdog.schedule(request::abort, remaining, TimeUnit.MILLISECONDS);
        try (CloseableHttpResponse response = http.execute(host, request)) {
            // the answer's body is not read: only its status counts, and the connection is not reused
            return new Outcome(response.getStatusLine().getStatusCode(), millisSince(started), null, false);
        } catch (IOException e) {
            return new Outcome(null, millisSince(started), describe(e), false);
        } finally {
            abort.cancel(false);
        }
    }

    /** The address to connect to, or null when the host is (or resolves to) a refused address. */
    private InetAddress judge(PlayUrl url, long deadline) throws UnknownHostException {
        List<InetAddress> addresses = url.host().isLiteral() ? List.of(url.host().literal())
                : resolve(url.host().host(), deadline);
        AddressRules.Verdict verdict = AddressRules.decide(url.host().host(), url.port(), addresses, allowed,
                this::isOwnAddress);
        return verdict.allowed() ? addresses.get(0) : null;
    }

    private List<InetAddress> resolve(String name, long deadline) throws UnknownHostException {
        Future<InetAddress[]> lookup;
        try {
            lookup = lookups.submit(() -> InetAddress.getAllByName(name));
        } catch (RejectedExecutionException e) {
            throw new UnknownHostException(name + ": every DNS lookup thread is busy");
        }
        try {
            InetAddress[] found = lookup.get(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())),
                    TimeUnit.MILLISECONDS);
            if (found.length == 0) {
                throw new UnknownHostException(name);
            }
            return List.of(found);
        } catch (TimeoutException e) {
            lookup.cancel(true);
            throw new UnknownHostException(name + ": no DNS answer in time");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof UnknownHostException u ? u : new UnknownHostException(name);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnknownHostException(name + ": interrupted");
        }
    }

    /** This machine's own addresses are refused like loopback (read again at most once a minute). */
    private boolean isOwnAddress(InetAddress address) {
        if (address.isAnyLocalAddress()) {
            return true;
        }
        long now = System.nanoTime();
        if (ownAddresses == null || now - ownAddressesReadAt > 60_000_000_000L) {
            Set<InetAddress> own = new HashSet<>();
            try {
                for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                    for (InetAddress a : Collections.list(nif.getInetAddresses())) {
                        own.add(AddressRanges.canonical(a));
                    }
                }
            } catch (SocketException e) {
                // judged by the ranges alone until the next read
            }
            ownAddresses = Set.copyOf(own);
            ownAddressesReadAt = now;
        }
        return ownAddresses.contains(AddressRanges.canonical(address));
    }

    private static long millisSince(long started) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    }

    /** The failure in a few words for the customer's log (their own endpoint's behaviour, nothing of ours). */
    private String describe(IOException e) {
        String kind = e.getClass().getSimpleName();
        return switch (kind) {
            case "ConnectTimeoutException", "HttpHostConnectException" -> "could not connect";
            case "SocketTimeoutException" -> "no answer within " + config.requestTimeout().toMillis() + " ms";
            case "RequestAbortedException" -> "no answer within " + config.requestTimeout().toMillis() + " ms";
            case "SSLHandshakeException", "SSLPeerUnverifiedException", "SSLException" -> "TLS failed: " + e.getMessage();
            default -> "connection failed (" + kind + ")";
        };
    }
}
