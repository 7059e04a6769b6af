package io.provtest.call.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.provtest.call.address.DestinationGuard;
import io.provtest.call.address.Resolver;
import io.provtest.common.address.AllowList;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The fetcher against real HTTP servers on 127.0.0.1 (the only addresses a test may reach); PLAY_ALLOWED_HOSTS is
 * 127.0.0.1 as in the suite. A trap listens on 127.0.0.2, which the rules refuse: it must never see a connection.
 * Names come from a table resolver, so no DNS is asked and the pinning is visible.
 */
class PlayFetcherTest {

    private static final Duration TOTAL = Duration.ofMillis(2000);
    private static final int MAX_BYTES = 256 * 1024;

    private HttpServer server;
    private int port;
    private ServerSocket trap;
    private final AtomicInteger trapped = new AtomicInteger();
    private final Map<String, List<InetAddress>> names = new ConcurrentHashMap<>();
    private final List<String> lookups = new CopyOnWriteArrayList<>();
    private final List<String> hostHeaders = new CopyOnWriteArrayList<>();
    private PlayFetcher fetcher;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 16);
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
        port = server.getAddress().getPort();
        trap = new ServerSocket(0, 16, InetAddress.getByName("127.0.0.2"));
        Thread accepter = new Thread(() -> {
            while (!trap.isClosed()) {
                try (Socket s = trap.accept()) {
                    trapped.incrementAndGet();
                } catch (IOException e) {
                    return;
                }
            }
        });
        accepter.setDaemon(true);
        accepter.start();
        Resolver table = (name, timeout) -> {
            lookups.add(name);
            List<InetAddress> addresses = names.get(name);
            if (addresses == null) {
                throw new UnknownHostException(name);
            }
            return addresses;
        };
        DestinationGuard guard = new DestinationGuard(AllowList.NONE, AllowList.parse("127.0.0.1"), table,
                a -> false, Duration.ofSeconds(1));
        fetcher = new PlayFetcher(guard, new PlayConfig() {
            public Duration connectTimeout() {
                return Duration.ofMillis(500);
            }

            public Duration totalTimeout() {
                return TOTAL;
            }

            public int maxBytes() {
                return MAX_BYTES;
            }

            public int maxRedirects() {
                return 2;
            }
        });
    }

    @AfterEach
    void stop() throws Exception {
        fetcher.close();
        server.stop(0);
        trap.close();
        assertEquals(0, trapped.get(), "nothing may ever connect to the refused address");
    }

    private String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    private String trapUrl() {
        return "http://127.0.0.2:" + trap.getLocalPort() + "/a.wav";
    }

    private void serve(String path, int status, String type, byte[] body) {
        serve(path, exchange -> {
            hostHeaders.add(exchange.getRequestHeaders().getFirst("Host"));
            if (type != null) {
                exchange.getResponseHeaders().add("Content-Type", type);
            }
            exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        });
    }

    private void redirect(String path, String location) {
        serve(path, exchange -> {
            exchange.getResponseHeaders().add("Location", location);
            exchange.getResponseHeaders().add("X-Internal", "secret-header");
            byte[] body = "internal redirect body".getBytes(StandardCharsets.US_ASCII);
            exchange.sendResponseHeaders(302, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
    }

    private interface Handler {
        void handle(HttpExchange exchange) throws IOException;
    }

    private void serve(String path, Handler handler) {
        server.createContext(path, exchange -> {
            try {
                handler.handle(exchange);
            } catch (IOException e) {
                exchange.close();
            }
        });
    }

    /** A PCM WAV of {@code seconds} of a 440 Hz tone, with whatever header values a test wants to claim. */
    static byte[] wav(int rate, int channels, int bits, double seconds) {
        int frames = (int) (Math.max(rate, 8000) * seconds);
        int dataBytes = frames * channels * bits / 8;
        ByteBuffer b = ByteBuffer.allocate(44 + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0x46464952).putInt(36 + dataBytes).putInt(0x45564157).putInt(0x20746d66).putInt(16)
                .putShort((short) 1).putShort((short) channels).putInt(rate).putInt(rate * channels * bits / 8)
                .putShort((short) (channels * bits / 8)).putShort((short) bits).putInt(0x61746164).putInt(dataBytes);
        for (int f = 0; f < frames; f++) {
            short v = (short) (8000 * Math.sin(2 * Math.PI * 440 * f / Math.max(rate, 8000)));
            for (int c = 0; c < channels; c++) {
                if (bits == 16) {
                    b.putShort(v);
                } else {
                    b.put((byte) ((v >> 8) + 128));
                }
            }
        }
        return b.array();
    }

    private String failure(String url) {
        return assertThrows(PlayFetcher.PlayFailure.class, () -> fetcher.fetch(url, 0)).getMessage();
    }

    @Test
    void aWavIsFetchedAndDecodedTo8kMono() {
        serve("/a.wav", 200, "audio/wav", wav(16000, 2, 16, 1.0));
        short[] samples = fetcher.fetch(url("/a.wav"), 0);
        assertEquals(8000, samples.length);
    }

    @Test
    void aNameIsResolvedOnceAndTheConnectionGoesToTheAddressJudged() throws Exception {
        serve("/a.wav", 200, "audio/x-wav", wav(8000, 1, 16, 0.5));
        // a rebinding resolver: the first answer passes the rules, any later one points at the refused trap
        AtomicInteger answers = new AtomicInteger();
        Resolver rebinding = (name, timeout) -> answers.getAndIncrement() == 0
                ? List.of(InetAddress.getByName("127.0.0.1")) : List.of(InetAddress.getByName("127.0.0.2"));
        PlayFetcher pinned = new PlayFetcher(new DestinationGuard(AllowList.NONE, AllowList.parse("127.0.0.1"),
                rebinding, a -> false, Duration.ofSeconds(1)), new PlayConfig() {
            public Duration connectTimeout() {
                return Duration.ofMillis(500);
            }

            public Duration totalTimeout() {
                return TOTAL;
            }

            public int maxBytes() {
                return MAX_BYTES;
            }

            public int maxRedirects() {
                return 2;
            }
        });
        try {
            // media.test is not in any DNS: only the judged address can have been used, and only once
            assertEquals(4000, pinned.fetch("http://media.test:" + port + "/a.wav", 0).length);
            assertEquals(1, answers.get());
            assertEquals("media.test:" + port, hostHeaders.get(0), "the server is asked for the name");
        } finally {
            pinned.close();
        }
    }

    @Test
    void aRefusedLiteralIsNeverContacted() {
        String message = failure(trapUrl());
        assertEquals("stream_urls[0] leads to an address this platform does not contact (DESTINATION_NOT_ALLOWED)",
                message);
    }

    @Test
    void aRedirectToARefusedAddressFailsWithoutRevealingTheResponse() throws Exception {
        names.put("internal.test", List.of(InetAddress.getByName("10.0.0.1")));
        redirect("/to-trap", trapUrl());
        redirect("/to-private", "http://10.0.0.1/a.wav");
        redirect("/to-metadata", "http://169.254.169.254/latest/meta-data/");
        redirect("/to-name", "http://internal.test/a.wav");
        redirect("/to-file", "file:///etc/passwd");
        redirect("/to-v6", "http://[::1]:" + port + "/a.wav");
        for (String path : List.of("/to-trap", "/to-private", "/to-metadata", "/to-name", "/to-file", "/to-v6")) {
            long start = System.nanoTime();
            String message = failure(url(path));
            assertEquals("stream_urls[0] leads to an address this platform does not contact (DESTINATION_NOT_ALLOWED)",
                    message, path);
            assertFalse(message.contains("302") || message.contains("secret") || message.contains("internal"), message);
            assertTrue(System.nanoTime() - start < 1_000_000_000L, "refused before any connection: " + path);
        }
    }

    @Test
    void redirectsAreFollowedUpToTheLimit() {
        serve("/real.wav", 200, "audio/wav", wav(8000, 1, 16, 0.25));
        redirect("/one", "/real.wav");
        redirect("/two", "/one");
        redirect("/three", "/two");
        assertEquals(2000, fetcher.fetch(url("/two"), 0).length, "two redirects are within the limit of 2");
        assertEquals("stream_urls[0] could not be fetched", failure(url("/three")));
    }

    @Test
    void anErrorAnswerIsNotRevealed() {
        serve("/err", 500, "text/plain", "database password is hunter2".getBytes(StandardCharsets.US_ASCII));
        serve("/missing", 404, "text/html", "<h1>admin console</h1>".getBytes(StandardCharsets.US_ASCII));
        assertEquals("stream_urls[0] could not be fetched", failure(url("/err")));
        assertEquals("stream_urls[0] could not be fetched", failure(url("/missing")));
        assertEquals("stream_urls[0] could not be fetched", failure("http://127.0.0.1:1/a.wav"), "connection refused");
    }

    @Test
    void notAWavIsRefusedByTypeMagicOrHeader() {
        serve("/page", 200, "text/html", "<html>internal page</html>".getBytes(StandardCharsets.US_ASCII));
        serve("/json", 200, "application/octet-stream", "{\"secret\":\"x\"}............".getBytes(StandardCharsets.US_ASCII));
        serve("/rate1", 200, "audio/wav", wav(1, 1, 16, 0.1));
        serve("/rate96k", 200, "audio/wav", wav(96000, 1, 16, 0.1));
        serve("/channels3", 200, "audio/wav", wav(8000, 3, 16, 0.1));
        serve("/bits24", 200, "audio/wav", wav(8000, 1, 24, 0.1));
        for (String path : List.of("/page", "/json", "/rate1", "/rate96k", "/channels3", "/bits24")) {
            String message = failure(url(path));
            assertTrue(message.startsWith("stream_urls[0] is not a WAV file this platform plays"), path + ": " + message);
        }
    }

    @Test
    void anOversizedBodyIsCutOffWhileStreaming() {
        AtomicLong sent = new AtomicLong();
        serve("/endless", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "audio/wav");
            exchange.sendResponseHeaders(200, 0); // chunked, no length announced
            OutputStream out = exchange.getResponseBody();
            byte[] header = wav(8000, 1, 16, 0.01);
            out.write(header);
            byte[] block = new byte[64 * 1024];
            while (sent.addAndGet(block.length) < 1024L * 1024 * 1024) {
                out.write(block);
            }
            exchange.close();
        });
        serve("/declared", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "audio/wav");
            exchange.sendResponseHeaders(200, 200L * 1024 * 1024);
            exchange.getResponseBody().write(wav(8000, 1, 16, 0.01));
            exchange.close();
        });
        long start = System.nanoTime();
        assertTrue(failure(url("/endless")).startsWith("stream_urls[0] is not a WAV file this platform plays"));
        assertTrue(System.nanoTime() - start < 1_500_000_000L, "stopped at the cap, not at the deadline");
        // and stopped reading there: closing a chunked body drains it unless the request is aborted first
        assertTrue(sent.get() < 64L * 1024 * 1024, "the server sent " + sent.get() + " bytes before it was cut off");
        assertTrue(failure(url("/declared")).startsWith("stream_urls[0] is not a WAV file this platform plays"));
    }

    @Test
    void aSlowDripOrAStalledServerIsCutOffAtTheTotalDeadline() throws Exception {
        try (ServerSocket drip = new ServerSocket(0, 4, InetAddress.getByName("127.0.0.1"));
             ServerSocket stall = new ServerSocket(0, 4, InetAddress.getByName("127.0.0.1"))) {
            Thread dripper = new Thread(() -> {
                try (Socket s = drip.accept()) {
                    readRequest(s.getInputStream());
                    OutputStream out = s.getOutputStream();
                    byte[] body = wav(8000, 1, 16, 1.0);
                    out.write(("HTTP/1.1 200 OK\r\nContent-Type: audio/wav\r\nContent-Length: " + body.length
                            + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                    for (byte b : body) { // one byte every 50 ms: every read succeeds, the whole never ends
                        out.write(b);
                        out.flush();
                        Thread.sleep(50);
                    }
                } catch (Exception e) {
                    // the client hung up: expected
                }
            });
            dripper.start();
            Thread staller = new Thread(() -> {
                try (Socket s = stall.accept()) {
                    readRequest(s.getInputStream());
                    Thread.sleep(10_000); // accepts, reads, never answers
                } catch (Exception e) {
                    // expected
                }
            });
            staller.start();
            for (int p : new int[] {drip.getLocalPort(), stall.getLocalPort()}) {
                long start = System.nanoTime();
                assertEquals("stream_urls[0] could not be fetched", failure("http://127.0.0.1:" + p + "/a.wav"));
                long millis = (System.nanoTime() - start) / 1_000_000;
                assertTrue(millis >= TOTAL.toMillis() - 100 && millis < TOTAL.toMillis() + 1000,
                        "cut off at the total deadline, took " + millis + " ms");
            }
            staller.interrupt();
        }
    }

    private static void readRequest(InputStream in) throws IOException {
        int matched = 0;
        int c;
        while (matched < 4 && (c = in.read()) >= 0) {
            matched = (c == "\r\n\r\n".charAt(matched)) ? matched + 1 : (c == '\r' ? 1 : 0);
        }
    }
}
