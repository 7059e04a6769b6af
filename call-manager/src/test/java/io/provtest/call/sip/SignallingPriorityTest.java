package io.provtest.call.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The SIP listener thread raised ahead of the machine: the nice value read from the kernel's own line, the Java
 * priority set, and, in a JVM started with scripts/run.sh's flags by a user who may raise priorities, the kernel's
 * nice of the raised thread at -5 while a normal thread stays at 0.
 */
class SignallingPriorityTest {

    @Test
    void niceIsTheNineteenthFieldCountedAfterTheName() {
        // a thread name may hold spaces and parentheses: the kernel's line is read from its last ')'
        String line = "4711 (AMQP Conn (x) 1) S 1 4700 4700 0 -1 4194368 12 0 0 0 3 1 0 0 25 5 40 0 100 0 0";
        assertEquals(5, SignallingPriority.nice(line));
        assertEquals(-10, SignallingPriority.nice("9 (EventScannerThr) R 1 9 9 0 -1 0 0 0 0 0 0 0 0 0 10 -10 1 0"));
        assertNull(SignallingPriority.nice("no stat line"));
        assertNull(SignallingPriority.nice("9 (short) S 1 2 3"));
    }

    @Test
    void theListenerThreadIsRaisedToTheHighestJavaPriorityAtItsFirstEvent() throws Exception {
        CompletableFuture<Integer> priority = new CompletableFuture<>();
        Thread listener = new Thread(() -> {
            SignallingPriority.raiseCurrentThread();
            SignallingPriority.raiseCurrentThread(); // the next events find it raised
            priority.complete(Thread.currentThread().getPriority());
        });
        listener.start();
        assertEquals(Thread.MAX_PRIORITY, priority.get(2, TimeUnit.SECONDS));
    }

    /** What scripts/run.sh starts call-manager with where it may raise priorities, read from the script itself. */
    static List<String> runShFlags() throws IOException {
        Matcher flags = Pattern.compile("defaults\\+=\\((-XX:ThreadPriorityPolicy=[^)]*)\\)")
                .matcher(Files.readString(Path.of("../scripts/run.sh")));
        assertTrue(flags.find(), "scripts/run.sh gives call-manager no -XX:ThreadPriorityPolicy");
        return List.of(flags.group(1).trim().split("\\s+"));
    }

    @Test
    void withRunShsFlagsTheRaisedThreadRunsAtNiceMinusFiveAndTheOthersAtZero() throws Exception {
        Assumptions.assumeTrue(Files.isReadable(Path.of("/proc/thread-self/stat")), "not Linux");
        // as run.sh asks: may a shell raise its own priority? (no renice, no answer: not asked here)
        boolean mayRaise;
        try {
            Process probe = new ProcessBuilder("sh", "-c", "renice -n -1 -p $$").redirectErrorStream(true).start();
            probe.getInputStream().readAllBytes();
            mayRaise = probe.waitFor() == 0;
        } catch (IOException e) {
            mayRaise = false;
        }
        Assumptions.assumeTrue(mayRaise, "this user may not raise a priority (neither root nor CAP_SYS_NICE)");

        ArrayList<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(runShFlags());
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Child.class.getName()));
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(child.getInputStream().readAllBytes());
        assertTrue(child.waitFor(30, TimeUnit.SECONDS), out);
        assertTrue(out.contains("raised=-5"), out);
        assertTrue(out.contains("normal=0"), out);
    }

    /**
     * Runs in a JVM of its own, started with run.sh's flags: prints the kernel's nice of a raised and a normal thread.
     */
    public static final class Child {
        public static void main(String[] args) throws Exception {
            CompletableFuture<Integer> raised = new CompletableFuture<>();
            Thread listener = new Thread(() -> {
                SignallingPriority.raiseCurrentThread();
                raised.complete(SignallingPriority.currentThreadNice());
            });
            listener.start();
            CompletableFuture<Integer> normal = new CompletableFuture<>();
            new Thread(() -> normal.complete(SignallingPriority.currentThreadNice())).start();
            System.out.println("raised=" + raised.get(10, TimeUnit.SECONDS)
                    + " normal=" + normal.get(10, TimeUnit.SECONDS));
        }
    }
}
