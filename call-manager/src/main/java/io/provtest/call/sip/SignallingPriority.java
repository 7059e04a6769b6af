package io.provtest.call.sip;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * The SIP stack's threads ahead of the rest of the machine, as voice servers run their signalling (Asterisk's
 * {@code -p}, FreeSWITCH's {@code -hp}). Our ACK for a 2xx leaves on the stack's listener thread; on two busy cores
 * that thread waited for a CPU behind the database, the broker and our own persistence, and the ACK's p99 at 400
 * calls/s passed the 20 ms target whenever the machine was slow; with the thread raised it stayed under it in every
 * run, at no measured cost in calls served (bench/README.md, "The SIP threads' priority" and "The priority's cost,
 * measured on one build").
 *
 * <p>JAIN-SIP asks the highest Java priority for its reader and parser threads already, and the listener thread is
 * raised here at its first event. A Java priority reaches the kernel only with {@code -XX:ThreadPriorityPolicy=1},
 * and a nice value below 0 only for a process that may raise it (root or {@code CAP_SYS_NICE}): {@code scripts/run.sh}
 * gives call-manager both where it can (the highest Java priority is then nice -5). Elsewhere (the chart's pods
 * run as a user without that right) the priority stays a Java field and nothing changes. Threads inherit their
 * creator's priority, so the engine's thread factories set theirs back to normal.
 */
final class SignallingPriority {

    private static final Logger LOG = Logger.getLogger(SignallingPriority.class);
    private static final AtomicBoolean REPORTED = new AtomicBoolean();

    private SignallingPriority() {
    }

    /** Raises the calling thread to the highest Java priority (cheap when it already is); says once what it got. */
    static void raiseCurrentThread() {
        Thread thread = Thread.currentThread();
        if (thread.getPriority() == Thread.MAX_PRIORITY) {
            return;
        }
        thread.setPriority(Thread.MAX_PRIORITY);
        if (REPORTED.compareAndSet(false, true)) {
            Integer nice = currentThreadNice();
            if (nice != null && nice < 0) {
                LOG.infof("SIP listener thread raised to nice %d", nice);
            } else {
                LOG.infof("SIP threads at the machine's normal priority (nice %s): raising them needs "
                        + "-XX:ThreadPriorityPolicy=1 and root or CAP_SYS_NICE", nice == null ? "unknown" : nice);
            }
        }
    }

    /** The calling thread's nice value as the kernel has it, or null where /proc does not say (not Linux). */
    static Integer currentThreadNice() {
        try {
            return nice(Files.readString(Path.of("/proc/thread-self/stat")));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * The nice value in a line of {@code /proc/<pid>/task/<tid>/stat}: the 19th field, counted after the name, which
     * is in parentheses and may itself hold spaces and parentheses (hence from the last ')'). Null for a line that
     * is not one.
     */
    static Integer nice(String statLine) {
        int end = statLine.lastIndexOf(')');
        if (end < 0) {
            return null;
        }
        String[] fields = statLine.substring(end + 1).trim().split("\\s+");
        // fields[0] is the 3rd field (state); nice is the 19th
        if (fields.length < 17) {
            return null;
        }
        try {
            return Integer.parseInt(fields[16]);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
