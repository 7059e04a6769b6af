package io.provtest.common.amqp;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ShutdownSignalException;
import java.io.IOException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * A channel kept open for one purpose. The client library's automatic recovery brings a channel back after the
 * connection was lost, but never after a channel error (the broker closing only this channel, e.g. 406
 * PRECONDITION_FAILED): such a channel would stay closed for good and take its consumers with it. This opens a
 * fresh channel and runs the purpose's setup (declarations, consumers, listeners) on it again.
 */
public final class KeptChannel {

    /** Declarations, consumers and listeners of the purpose, run on every new channel. */
    @FunctionalInterface
    public interface Setup {
        void on(Channel channel) throws IOException;
    }

    private static final Logger LOG = Logger.getLogger(KeptChannel.class);

    private final Broker broker;
    private final String purpose;
    private final Setup setup;
    private final Consumer<ShutdownSignalException> onShutdown;
    private final Executor reopener;
    private final AtomicReference<Channel> channel = new AtomicReference<>();
    private volatile boolean closing;

    KeptChannel(Broker broker, String purpose, Setup setup, Consumer<ShutdownSignalException> onShutdown,
                Executor reopener) {
        this.broker = broker;
        this.purpose = purpose;
        this.setup = setup;
        this.onShutdown = onShutdown;
        this.reopener = reopener;
    }

    /** The open channel; a new one when the last was closed by a channel error. */
    public Channel get() throws IOException {
        Channel c = channel.get();
        return c != null ? c : open();
    }

    private synchronized Channel open() throws IOException {
        Channel c = channel.get();
        if (c == null) {
            c = broker.connection().createChannel();
            Channel opened = c;
            c.addShutdownListener(cause -> closed(opened, cause));
            try {
                setup.on(c);
            } catch (IOException | RuntimeException e) {
                closeQuietly(c);
                throw e;
            }
            channel.set(c);
            if (!c.isOpen()) {
                channel.compareAndSet(c, null); // closed during its setup: the reopen already asked for takes over
            }
        }
        return c;
    }

    public void close() {
        closing = true;
        Channel c = channel.get();
        if (c != null && c.isOpen()) {
            closeQuietly(c);
        }
    }

    private void closed(Channel which, ShutdownSignalException cause) {
        onShutdown.accept(cause);
        if (closing || cause.isHardError() || cause.isInitiatedByApplication()) {
            return; // a lost connection: the library recovers this very channel
        }
        LOG.warnf("the broker closed the %s channel (%s); opening a new one", purpose, cause.getMessage());
        // No lock here: this runs on the connection's thread, which an open() in progress may be waiting on.
        channel.compareAndSet(which, null);
        // Reopened elsewhere too: the connection's thread must stay free to read the answers of the new setup.
        reopener.execute(() -> {
            forget(which);
            reopen();
        });
    }

    /**
     * The library keeps a channel the broker closed in its recovery list, with its consumers, and would bring it
     * back beside the new one after the next reconnection. Closing it ourselves (it is closed already, so this only
     * throws) is what drops that record.
     */
    private void forget(Channel defunct) {
        closeQuietly(defunct);
    }

    private void closeQuietly(Channel c) {
        try {
            c.close();
        } catch (IOException | RuntimeException | TimeoutException e) {
            LOG.debugf("closing the %s channel: %s", purpose, e.getMessage());
        }
    }

    private void reopen() {
        while (!closing) {
            try {
                get();
                return;
            } catch (IOException | RuntimeException e) {
                LOG.warnf("reopening the %s channel failed (%s); trying again", purpose, e.getMessage());
                broker.pauseBeforeRetry();
            }
        }
    }
}
