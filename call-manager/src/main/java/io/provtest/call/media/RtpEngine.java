package io.provtest.call.media;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Opens RTP sockets on ports from the configured range and reads every call's incoming RTP on one selector thread,
 * so thousands of calls cost one thread, not one each.
 */
@Singleton
public class RtpEngine {

    private static final Logger LOG = Logger.getLogger(RtpEngine.class);

    private final RtpConfig config;
    private final String bindHost;
    private final AtomicInteger nextPort;
    private final Queue<RtpSession> toRegister = new ConcurrentLinkedQueue<>();
    // the sessions holding a port, so admission can refuse calls the range cannot carry (OutboundLimiter)
    private final Set<RtpSession> open = ConcurrentHashMap.newKeySet();
    private Selector selector;
    private volatile boolean running;

    public RtpEngine(RtpConfig config, io.provtest.call.sip.SipConfig sip) {
        this.config = config;
        this.bindHost = sip.host();
        this.nextPort = new AtomicInteger(even(config.portMin()));
    }

    /** Whether media sockets can be opened and read (readiness). */
    public boolean started() {
        return running;
    }

    void onStart(@Observes StartupEvent event) throws IOException {
        selector = Selector.open();
        running = true;
        Thread reader = new Thread(this::readLoop, "rtp-receiver");
        reader.setDaemon(true);
        reader.start();
    }

    void onStop(@Observes ShutdownEvent event) throws IOException {
        running = false;
        if (selector != null) {
            selector.wakeup();
        }
    }

    /** Ports held by live calls now. */
    public int inUse() {
        return open.size();
    }

    /** Ports of the range, one per call. */
    public int capacity() {
        return (config.portMax() - even(config.portMin())) / 2 + 1;
    }

    /** A bound socket on a free even port of the range; throws when the whole range is busy. */
    public RtpSession open() throws IOException {
        int span = (config.portMax() - even(config.portMin())) / 2 + 1;
        for (int attempt = 0; attempt < span; attempt++) {
            int port = nextPort.getAndUpdate(p -> p + 2 > config.portMax() ? even(config.portMin()) : p + 2);
            DatagramChannel channel = DatagramChannel.open();
            try {
                channel.setOption(StandardSocketOptions.SO_REUSEADDR, false);
                channel.bind(new InetSocketAddress(bindHost, port));
                channel.configureBlocking(false);
                RtpSession session = new RtpSession(channel, port);
                open.add(session);
                toRegister.add(session);
                selector.wakeup();
                return session;
            } catch (IOException busy) {
                channel.close();
            }
        }
        throw new PortsExhausted(open.size(), span);
    }

    /**
     * Every port of the range is held. Admission ({@code OutboundLimiter}) refuses new calls before this, but it
     * counts the ports already open, and calls admitted at the same moment open theirs later, on their lanes.
     */
    public static final class PortsExhausted extends IOException {
        private final int inUse;
        private final int capacity;

        PortsExhausted(int inUse, int capacity) {
            super("no free RTP port (" + inUse + " of " + capacity + " in use)");
            this.inUse = inUse;
            this.capacity = capacity;
        }

        public int inUse() {
            return inUse;
        }

        public int capacity() {
            return capacity;
        }
    }

    public void close(RtpSession session) {
        open.remove(session);
        try {
            session.channel().close();
        } catch (IOException e) {
            LOG.debugf("closing RTP port %d: %s", session.port(), e.getMessage());
        }
        // a channel registered with the selector keeps its port bound until the selector's next round; without a
        // wake-up a quiet selector holds it up to 500 ms, and a call admitted meanwhile finds the range fuller than
        // inUse() says
        selector.wakeup();
    }

    private void readLoop() {
        ByteBuffer buffer = ByteBuffer.allocate(2048);
        while (running) {
            try {
                RtpSession pending;
                while ((pending = toRegister.poll()) != null) {
                    if (pending.channel().isOpen()) {
                        pending.channel().register(selector, SelectionKey.OP_READ, pending);
                    }
                }
                selector.select(500);
                for (SelectionKey key : selector.selectedKeys()) {
                    RtpSession session = (RtpSession) key.attachment();
                    buffer.clear();
                    if (key.isValid() && session.channel().receive(buffer) != null) {
                        buffer.flip();
                        session.onPacket(buffer, System.currentTimeMillis());
                    }
                }
                selector.selectedKeys().clear();
            } catch (IOException | RuntimeException e) {
                LOG.debugf("RTP receive: %s", e.getMessage());
            }
        }
    }

    private static int even(int port) {
        return port % 2 == 0 ? port : port + 1;
    }
}
