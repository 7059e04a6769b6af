package io.provtest.call.address;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The JDK's resolver, bounded: a lookup cannot be interrupted, so it runs on a small pool of its own and the caller
 * stops waiting at the deadline. When every lookup thread is stuck on a dead DNS server, further lookups fail at
 * once instead of piling up threads.
 */
final class SystemResolver implements Resolver {

    private static final int MAX_LOOKUPS = 8;

    private final ThreadPoolExecutor lookups;

    SystemResolver() {
        AtomicInteger n = new AtomicInteger();
        this.lookups = new ThreadPoolExecutor(0, MAX_LOOKUPS, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
            Thread t = new Thread(r, "dns-lookup-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public List<InetAddress> resolve(String name, Duration timeout) throws UnknownHostException {
        Future<InetAddress[]> lookup;
        try {
            lookup = lookups.submit(() -> InetAddress.getAllByName(name));
        } catch (RejectedExecutionException e) {
            throw new UnknownHostException(name + ": every DNS lookup thread is busy");
        }
        try {
            InetAddress[] addresses = lookup.get(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS);
            if (addresses.length == 0) {
                throw new UnknownHostException(name);
            }
            return List.of(addresses);
        } catch (TimeoutException e) {
            lookup.cancel(true);
            throw new UnknownHostException(name + ": no DNS answer within " + timeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof UnknownHostException u ? u : new UnknownHostException(name + ": " + e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnknownHostException(name + ": interrupted");
        }
    }

    void close() {
        lookups.shutdownNow();
    }
}
