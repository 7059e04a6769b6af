package io.provtest.call.media;

import io.provtest.common.model.TalkLanguages;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * espeak-ng as a subprocess (its WAV on stdout), converted to 8 kHz. Rendered prompts are cached by
 * (engine, language, voice, text): a provider test says the same sentence many times. A machine without espeak-ng
 * fails at start-up with a clear message rather than playing silence.
 */
@Singleton
public class EspeakTts implements TextToSpeech {

    private static final Logger LOG = Logger.getLogger(EspeakTts.class);
    private static final int CACHE_ENTRIES = 256;
    /** Runs the kills of the watchdogs (a kill is quick; the time-outs themselves wait on the JDK's delay timer). */
    private static final Executor KILLER = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "tts-watchdog");
        t.setDaemon(true);
        return t;
    });

    private final Map<String, short[]> cache = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, short[]> eldest) {
            return size() > CACHE_ENTRIES;
        }
    };

    private final TtsConfig config;

    public EspeakTts(TtsConfig config) {
        this.config = config;
    }

    void onStart(@Observes @Priority(5) StartupEvent event) {
        try {
            Process p = new ProcessBuilder(config.command(), "--version").redirectErrorStream(true).start();
            String version = new String(p.getInputStream().readAllBytes()).trim();
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("espeak-ng --version failed: " + version);
            }
            LOG.infof("text-to-speech: %s", version);
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("The text-to-speech engine espeak-ng is not installed "
                    + "(Debian package espeak-ng); talk actions cannot be spoken.", e);
        }
    }

    @Override
    public String engine() {
        return "espeak-ng";
    }

    @Override
    public short[] render(String text, String language, String voice) {
        String espeakVoice = TalkLanguages.espeakVoice(language).orElse("en-us");
        String key = engine() + "|" + espeakVoice + "|" + (voice == null ? "" : voice) + "|" + text;
        synchronized (cache) {
            short[] hit = cache.get(key);
            if (hit != null) {
                return hit;
            }
        }
        short[] samples = Wav.to8kMono(run(espeakVoice, text));
        synchronized (cache) {
            cache.put(key, samples);
        }
        return samples;
    }

    private byte[] run(String voice, String text) {
        return run(List.of(config.command(), "-v", voice, "-s", "150", "--stdout", "--stdin"), text,
                config.timeout(), config.maxBytes());
    }

    /**
     * Runs the engine with {@code text} on its stdin and returns its stdout, bounded in time and size: a hung or
     * runaway engine is killed (with whatever it started) instead of holding a media thread and its call forever.
     */
    static byte[] run(List<String> command, String text, Duration timeout, int maxBytes) {
        Process p;
        try {
            // stderr is dropped: an unread pipe that fills would block the engine, and the exit status says enough
            p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            LOG.errorf("text-to-speech engine %s could not start: %s", command.get(0), e.getMessage());
            throw new TtsFailure("the text-to-speech engine could not start");
        }
        AtomicBoolean timedOut = new AtomicBoolean();
        CompletableFuture<Void> watchdog = CompletableFuture.runAsync(() -> {
            timedOut.set(true);
            kill(p);
        }, CompletableFuture.delayedExecutor(timeout.toMillis(), TimeUnit.MILLISECONDS, KILLER));
        try {
            // the text goes through stdin, never the command line, so nothing in it is read as an option
            try (var stdin = p.getOutputStream()) {
                stdin.write(text.getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                // an engine that exits without reading its input: its exit status tells below
                LOG.debugf("text-to-speech input not fully written: %s", e.getMessage());
            }
            ByteArrayOutputStream wav = new ByteArrayOutputStream(64 * 1024);
            byte[] chunk = new byte[16 * 1024];
            try (InputStream out = p.getInputStream()) {
                for (int n; (n = out.read(chunk)) >= 0; ) {
                    if (wav.size() + n > maxBytes) {
                        kill(p);
                        throw new TtsFailure("the text-to-speech engine wrote more than " + maxBytes + " bytes");
                    }
                    wav.write(chunk, 0, n);
                }
            } catch (IOException e) {
                // the watchdog's kill closes the pipe: reported as the time-out below
                LOG.debugf("text-to-speech output cut: %s", e.getMessage());
            }
            p.waitFor(); // bounded: the watchdog kills it at the deadline
            if (timedOut.get()) {
                throw new TtsFailure("text-to-speech did not finish within " + timeout.toMillis() + " ms");
            }
            if (p.exitValue() != 0) {
                LOG.errorf("text-to-speech engine %s exited with status %d", command.get(0), p.exitValue());
                throw new TtsFailure("the text-to-speech engine failed (exit status " + p.exitValue() + ")");
            }
            return wav.toByteArray();
        } catch (InterruptedException e) {
            kill(p);
            Thread.currentThread().interrupt();
            throw new TtsFailure("text-to-speech was interrupted (call-manager is stopping)");
        } finally {
            watchdog.cancel(false);
        }
    }

    /**
     * Kills the engine and its children and waits (briefly) until the engine is reaped: destroyForcibly only sends
     * the signal, and a caller that goes on at once would leave a live process behind it.
     */
    private static void kill(Process p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        try {
            p.waitFor(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
