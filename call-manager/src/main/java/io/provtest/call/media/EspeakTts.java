package io.provtest.call.media;

import io.provtest.common.model.TalkLanguages;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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

    private final Map<String, short[]> cache = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, short[]> eldest) {
            return size() > CACHE_ENTRIES;
        }
    };

    void onStart(@Observes @Priority(5) StartupEvent event) {
        try {
            Process p = new ProcessBuilder("espeak-ng", "--version").redirectErrorStream(true).start();
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

    private static byte[] run(String voice, String text) {
        try {
            // the text goes through stdin, never the command line, so nothing in it is read as an option
            Process p = new ProcessBuilder("espeak-ng", "-v", voice, "-s", "150", "--stdout", "--stdin").start();
            try (var stdin = p.getOutputStream()) {
                stdin.write(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
            byte[] wav;
            try (InputStream out = p.getInputStream()) {
                wav = out.readAllBytes();
            }
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("espeak-ng failed: " + new String(p.getErrorStream().readAllBytes()));
            }
            return wav;
        } catch (IOException e) {
            throw new IllegalStateException("espeak-ng could not run: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while rendering speech", e);
        }
    }
}
