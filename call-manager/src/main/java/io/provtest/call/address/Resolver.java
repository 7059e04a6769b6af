package io.provtest.call.address;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;

/** Turns a host name into the addresses it stands for, within a time limit. */
@FunctionalInterface
public interface Resolver {

    /** Every address of the name (never empty); UnknownHostException when it has none or took too long. */
    List<InetAddress> resolve(String name, Duration timeout) throws UnknownHostException;

    /** The machine's resolver (hosts file, then DNS), on a small bounded pool of lookup threads. */
    static Resolver system() {
        return new SystemResolver();
    }
}
