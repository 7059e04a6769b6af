package io.provtest.route.number;

import io.provtest.common.error.Validation;
import io.provtest.common.model.Address;
import io.provtest.common.sip.Codec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The pure rules of a customer's outbound config: its fields, whether a tel destination is allowed by it, and which
 * source a call goes out with (the reference's e.1 steps 7 and 11). Unit-tested beside.
 */
public final class OutboundRules {

    private static final Pattern PREFIX = Pattern.compile("\\+[0-9]{1,15}");
    static final int MAX_PREFIXES = 1000;

    private OutboundRules() {
    }

    /**
     * What a client sends (a full replace): missing lists are empty, missing limits 0, no default number, no codecs
     * (the platform's default offer).
     */
    public record Spec(UUID defaultOutgoingSourceNumberId, List<String> allowedCountries, List<String> deniedPrefixes,
                       Integer maxConcurrentCalls, Integer callsPerSecond, List<String> codecs) {
    }

    /** One 400 naming every bad field; the default number's ownership is checked by the service (it needs a read). */
    public static Spec validate(Spec in) {
        Validation v = new Validation();
        Spec spec = in == null ? new Spec(null, null, null, null, null, null) : in;
        List<String> allowed = prefixes(v, "allowed_countries", spec.allowedCountries());
        List<String> denied = prefixes(v, "denied_prefixes", spec.deniedPrefixes());
        int concurrent = limit(v, "max_concurrent_calls", spec.maxConcurrentCalls());
        int perSecond = limit(v, "calls_per_second", spec.callsPerSecond());
        List<String> codecs = codecs(v, spec.codecs());
        v.throwIfInvalid("INVALID_ARGUMENT");
        return new Spec(spec.defaultOutgoingSourceNumberId(), allowed, denied, concurrent, perSecond, codecs);
    }

    /**
     * The codecs a customer allows on its sip destinations, in the order given (the offer's order): names of
     * common-model's {@link Codec} (the one list the dialer can offer), case-insensitive, stored in its spelling
     * ("pcma" is "PCMA"), each once.
     */
    private static List<String> codecs(Validation v, List<String> values) {
        List<String> list = values == null ? List.of() : values;
        List<String> clean = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            Codec codec = Codec.named(list.get(i)).orElse(null);
            if (codec == null) {
                v.reject("codecs[" + i + "]", "must be one of " + String.join(", ", Codec.names()));
            } else if (clean.contains(codec.name())) {
                v.reject("codecs[" + i + "]", "is repeated");
            } else {
                clean.add(codec.name());
            }
        }
        return clean;
    }

    private static List<String> prefixes(Validation v, String field, List<String> values) {
        List<String> list = values == null ? List.of() : values;
        if (list.size() > MAX_PREFIXES) {
            v.reject(field, "at most " + MAX_PREFIXES + " entries");
            return List.of();
        }
        Set<String> seen = new HashSet<>();
        List<String> clean = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String p = list.get(i);
            if (p == null || !PREFIX.matcher(p).matches()) {
                v.reject(field + "[" + i + "]", "must be \"+\" and 1 to 15 digits, e.g. \"+82\"");
            } else if (!seen.add(p)) {
                v.reject(field + "[" + i + "]", "is repeated");
            } else {
                clean.add(p);
            }
        }
        return clean;
    }

    private static int limit(Validation v, String field, Integer value) {
        if (value != null && value < 0) {
            v.reject(field, "must be 0 (no limit) or more");
        }
        return value == null ? 0 : Math.max(0, value);
    }

    /**
     * Why the config refuses a tel destination, or null when it allows it: a denied prefix refuses whatever the
     * allow-list says; a non-empty allow-list must contain the destination's country (prefix) code.
     */
    public static String destinationRefusal(List<String> allowedCountries, List<String> deniedPrefixes, String e164) {
        if (e164 == null) {
            return null;
        }
        for (String denied : deniedPrefixes) {
            if (e164.startsWith(denied)) {
                return "The destination matches the denied prefix " + denied + " of the customer's outbound config.";
            }
        }
        if (allowedCountries.isEmpty() || allowedCountries.stream().anyMatch(e164::startsWith)) {
            return null;
        }
        return "The destination's country is not in the allowed_countries of the customer's outbound config.";
    }

    /** A number the customer may call from: live, active and its own. */
    public static boolean usable(NumberEntity number, UUID customerId) {
        return number != null && number.tmDelete == null && NumberRules.ACTIVE.equals(number.status)
                && customerId.equals(number.customerId);
    }

    /**
     * The source a tel call goes out with (the reference's e.1 step 11): with {@code skipSourceValidation}
     * (provider calls) the given one verbatim; else the given one when it is a tel number ("+…") the customer may
     * call from ({@code givenNumber} is the live row of that number, whoever owns it); else the customer's default
     * outgoing source number when it is usable; else null, which refuses the call (NO_VALID_SOURCE).
     */
    public static Address chooseSource(UUID customerId, Address given, boolean skipSourceValidation,
                                       NumberEntity givenNumber, NumberEntity defaultNumber) {
        if (skipSourceValidation) {
            return given;
        }
        if (given != null && "tel".equals(given.type()) && given.target() != null && given.target().startsWith("+")
                && usable(givenNumber, customerId) && givenNumber.number.equals(given.target())) {
            return given;
        }
        if (usable(defaultNumber, customerId)) {
            return new Address("tel", defaultNumber.number, given == null ? null : given.targetName(), null, null);
        }
        return null;
    }
}
