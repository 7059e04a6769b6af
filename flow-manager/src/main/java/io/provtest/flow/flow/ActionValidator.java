package io.provtest.flow.flow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.provtest.common.address.AddressRules;
import io.provtest.common.address.AllowList;
import io.provtest.common.address.PlayUrl;
import io.provtest.common.error.ServiceException;
import io.provtest.common.error.Validation;
import io.provtest.common.model.Action;
import io.provtest.common.model.TalkLanguages;
import io.provtest.common.request.Ids;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The actions a flow may hold: only the types the dialer executes, each with its options checked, ids assigned
 * where missing, and every {@code next_id} pointing at an action of the same flow.
 *
 * <ul>
 *   <li>{@code answer}: no options.</li>
 *   <li>{@code talk}: {@code text} (1–2000 characters), {@code language} (BCP-47, one of
 *       {@link TalkLanguages}; default en-US), optional {@code voice_id} and {@code gender} (male/female/neutral;
 *       accepted, espeak-ng has one voice per language so they do not change the audio).</li>
 *   <li>{@code sleep}: {@code duration} in ms, 1–600000.</li>
 *   <li>{@code hangup}: optional {@code reason}, one of the hangup reasons (default normal).</li>
 *   <li>{@code play}: {@code stream_urls}, 1–10 http(s) URLs of WAV files ({@link PlayUrl}); a URL whose host is a
 *       loopback, private, link-local, multicast, unspecified or metadata address is refused unless allowed.</li>
 * </ul>
 */
public final class ActionValidator {

    public static final int MAX_ACTIONS = 100;
    static final Set<String> TYPES = Set.of("answer", "talk", "sleep", "hangup", "play");
    static final Set<String> HANGUP_REASONS = Set.of("normal", "failed", "busy", "cancel", "timeout", "noanswer",
            "dialout", "amd");

    private ActionValidator() {
    }

    /**
     * @param playHosts the operator's exceptions ({@code PLAY_ALLOWED_HOSTS}) for play URLs whose host is an address
     *                  in a refused range; such a URL is otherwise 400 {@value AddressRules#NOT_ALLOWED}
     */
    public static List<Action> validate(JsonNode actions, AllowList playHosts) {
        if (actions == null || actions.isNull()) {
            return List.of();
        }
        if (!actions.isArray() || actions.size() > MAX_ACTIONS) {
            throw ServiceException.invalid("INVALID_ARGUMENT", "actions must be a list of at most " + MAX_ACTIONS + ".");
        }
        List<Action> result = new ArrayList<>();
        Validation v = new Validation();
        Validation refused = new Validation();
        for (int i = 0; i < actions.size(); i++) {
            JsonNode node = actions.get(i);
            String type = node.path("type").asText(null);
            if (!node.isObject() || type == null || !TYPES.contains(type)) {
                throw ServiceException.invalid("INVALID_ACTION_TYPE", "actions[" + i + "]: action type '" + type
                        + "' is not supported (supported: answer, talk, sleep, hangup, play).");
            }
            String prefix = "actions[" + i + "].";
            UUID id = optionalId(v, node, "id", prefix);
            UUID nextId = optionalId(v, node, "next_id", prefix);
            JsonNode option = node.path("option").isObject() ? node.get("option") : JsonNodeFactory.instance.objectNode();
            result.add(new Action(id == null ? Ids.random() : id, nextId, type, checkOption(v, refused, playHosts, type, option, prefix)));
        }
        Set<UUID> ids = new HashSet<>();
        for (int i = 0; i < result.size(); i++) {
            if (!ids.add(result.get(i).id())) {
                v.reject("actions[" + i + "].id", "is used twice");
            }
        }
        for (int i = 0; i < result.size(); i++) {
            UUID next = result.get(i).nextId();
            if (next != null && !ids.contains(next)) {
                v.reject("actions[" + i + "].next_id", "points at no action of this flow");
            }
        }
        v.throwIfInvalid("INVALID_ACTION");
        refused.throwIfInvalid(AddressRules.NOT_ALLOWED);
        return List.copyOf(result);
    }

    private static JsonNode checkOption(Validation v, Validation refused, AllowList playHosts, String type,
                                        JsonNode option, String prefix) {
        ObjectNode checked = option.deepCopy();
        switch (type) {
            case "talk" -> {
                String text = option.path("text").asText("");
                if (!option.path("text").isTextual() || text.isBlank() || text.length() > 2000) {
                    v.reject(prefix + "option.text", "required: 1 to 2000 characters");
                }
                String language = option.path("language").isMissingNode() ? "en-US" : option.path("language").asText("");
                if (TalkLanguages.espeakVoice(language).isEmpty()) {
                    v.reject(prefix + "option.language", "'" + language + "' is not a language the TTS engine speaks");
                }
                checked.put("language", language);
                String gender = option.path("gender").asText("");
                if (!gender.isEmpty() && !Set.of("male", "female", "neutral").contains(gender)) {
                    v.reject(prefix + "option.gender", "must be male, female or neutral");
                }
            }
            case "sleep" -> {
                JsonNode duration = option.path("duration");
                if (!duration.isIntegralNumber() || duration.asLong() < 1 || duration.asLong() > 600_000) {
                    v.reject(prefix + "option.duration", "required: milliseconds, 1 to 600000");
                }
            }
            case "hangup" -> {
                String reason = option.path("reason").asText("normal");
                if (!HANGUP_REASONS.contains(reason.isEmpty() ? "normal" : reason)) {
                    v.reject(prefix + "option.reason", "must be one of " + HANGUP_REASONS);
                }
            }
            case "play" -> {
                JsonNode urls = option.path("stream_urls");
                if (!urls.isArray() || urls.isEmpty() || urls.size() > 10) {
                    v.reject(prefix + "option.stream_urls", "required: 1 to 10 http(s) URLs of WAV files");
                } else {
                    for (int u = 0; u < urls.size(); u++) {
                        checkPlayUrl(v, refused, playHosts, urls.get(u), prefix + "option.stream_urls[" + u + "]");
                    }
                }
            }
            default -> { }
        }
        return checked;
    }

    /**
     * The URL's form, and its host when that is an address literal. A name is resolved and judged by call-manager
     * when it fetches (and again after every redirect): resolving here would prove nothing about later.
     */
    private static void checkPlayUrl(Validation v, Validation refused, AllowList playHosts, JsonNode node,
                                     String field) {
        PlayUrl url;
        try {
            url = PlayUrl.parse(node.isTextual() ? node.asText() : "");
        } catch (IllegalArgumentException e) {
            v.reject(field, e.getMessage());
            return;
        }
        AddressRules.Verdict verdict = AddressRules.literal(url.host(), url.port(), playHosts);
        if (!verdict.allowed()) {
            refused.reject(field, AddressRules.literalMessage(url.host(), verdict, "PLAY_ALLOWED_HOSTS"));
        }
    }

    private static UUID optionalId(Validation v, JsonNode node, String field, String prefix) {
        JsonNode id = node.get(field);
        if (id == null || id.isNull() || (id.isTextual() && (id.asText().isEmpty() || id.asText().equals(Ids.NIL.toString())))) {
            return null;
        }
        if (!id.isTextual() || !Ids.isUuid(id.asText())) {
            v.reject(prefix + field, "must be a UUID");
            return null;
        }
        return UUID.fromString(id.asText());
    }
}
