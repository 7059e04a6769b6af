package io.provtest.common.model;

import java.util.Map;
import java.util.Optional;

/**
 * The languages a {@code talk} action may ask for (BCP-47), and the espeak-ng voice that speaks each. Flow
 * validation refuses anything else, so the dialer never meets a language it cannot render.
 */
public final class TalkLanguages {

    private static final Map<String, String> ESPEAK_VOICES = Map.ofEntries(
            Map.entry("en-us", "en-us"), Map.entry("en-gb", "en-gb"), Map.entry("en", "en-us"),
            Map.entry("de-de", "de"), Map.entry("fr-fr", "fr-fr"), Map.entry("es-es", "es"),
            Map.entry("it-it", "it"), Map.entry("pt-br", "pt-br"), Map.entry("nl-nl", "nl"),
            Map.entry("sv-se", "sv"), Map.entry("ru-ru", "ru"), Map.entry("ko-kr", "ko"),
            Map.entry("ja-jp", "ja"), Map.entry("zh-cn", "cmn"));

    private TalkLanguages() {
    }

    /** The espeak-ng voice for a BCP-47 tag, matched case-insensitively ("en-US" → "en-us"). */
    public static Optional<String> espeakVoice(String languageTag) {
        return languageTag == null ? Optional.empty() : Optional.ofNullable(ESPEAK_VOICES.get(languageTag.toLowerCase()));
    }
}
