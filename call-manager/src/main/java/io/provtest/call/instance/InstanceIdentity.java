package io.provtest.call.instance;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;

/**
 * The name this call-manager process goes by when none is configured: it names its own request queue, the outbox
 * rows it writes, the calls and groupcalls it holds and its lease. Two processes must never derive the same name,
 * and one process must keep its name for its whole life.
 *
 * <p>Rules, in order: a Kubernetes pod name ({@code POD_NAME}, or {@code HOSTNAME} inside a pod, which the runtime
 * sets to the pod name; a StatefulSet's pod names are stable, so a restarted pod finds its own calls); otherwise the
 * host name plus a random suffix drawn once per process (two processes on one machine differ; a restart is a new
 * instance, whose predecessor's calls are ended by a survivor once its lease expires). {@code HOSTNAME} outside a
 * pod is ignored: it names the machine, which every local replica shares. An explicit {@code call.instance-id}
 * (CALL_INSTANCE_ID) is read before any of this ({@link InstanceIdConfigSource} ranks below every other source).
 */
public final class InstanceIdentity {

    /** Queue names allow 255 bytes; the id is used inside several of them. */
    static final int MAX_LENGTH = 63;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static volatile String derived;

    private InstanceIdentity() {
    }

    /** This process's derived id, drawn on first use and then kept. */
    public static String ofThisProcess() {
        String id = derived;
        if (id == null) {
            synchronized (InstanceIdentity.class) {
                if (derived == null) {
                    derived = derive(System.getenv(), localHostName(), randomSuffix());
                }
                id = derived;
            }
        }
        return id;
    }

    /** Pure: the rules above over the process environment, the machine's host name and a random suffix. */
    static String derive(Map<String, String> env, String hostName, String suffix) {
        String pod = nonBlank(env.get("POD_NAME"));
        if (pod == null && nonBlank(env.get("KUBERNETES_SERVICE_HOST")) != null) {
            pod = nonBlank(env.get("HOSTNAME"));
        }
        if (pod != null) {
            return sanitize(pod);
        }
        String host = sanitize(nonBlank(hostName) == null ? "cm" : hostName);
        String tail = "-" + sanitize(suffix);
        return (host.length() + tail.length() > MAX_LENGTH ? host.substring(0, MAX_LENGTH - tail.length()) : host)
                + tail;
    }

    /** Lower case letters, digits, '-' and '.'; anything else becomes '-' (queue and log friendly). */
    static String sanitize(String raw) {
        String s = raw.trim().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.-]", "-");
        return s.length() > MAX_LENGTH ? s.substring(0, MAX_LENGTH) : s;
    }

    private static String nonBlank(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static String localHostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static String randomSuffix() {
        byte[] b = new byte[4];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
