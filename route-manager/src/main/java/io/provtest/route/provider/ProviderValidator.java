package io.provtest.route.provider;

import com.fasterxml.jackson.databind.JsonNode;
import io.provtest.common.error.FieldViolation;
import io.provtest.common.error.ServiceException;
import io.provtest.common.error.Validation;
import io.provtest.common.sip.Codec;
import io.provtest.common.sip.SipHeaders;
import io.provtest.common.sip.SipHost;
import io.provtest.common.sip.SipTrunk;
import io.provtest.common.sip.SipUserPart;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Validates a provider create or full-replace body. Every field ends up in a SIP INVITE, so the rules are about what
 * can be sent safely, not only about well-formed JSON. Unknown top-level fields are ignored.
 */
public final class ProviderValidator {

    private static final int MAX_TECH_HEADERS = 20;
    private static final int MAX_NAME_LENGTH = 255;
    private static final int MAX_DETAIL_LENGTH = 2048;
    private static final int MAX_CODECS_LENGTH = 255;
    /** What the dialer can offer in SDP (common-model's one list); the order is the one named in error messages. */
    private static final List<String> SUPPORTED_CODECS = Codec.names();

    private static final String MUST_BE_STRING = "must be a string";

    private ProviderValidator() {
    }

    /**
     * Checks every field and returns the normalised provider. A non-object body is INVALID_JSON_BODY, a bad codecs
     * value INVALID_CODECS and a non-string header value INVALID_ARGUMENT, each thrown before anything else is
     * looked at; all remaining problems are reported together as INVALID_PROVIDER.
     */
    public static ProviderSpec validate(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ServiceException.invalid("INVALID_JSON_BODY", "The request body must be a JSON object.");
        }
        String codecs = codecs(body.get("codecs"));
        requireStringHeaderValues(body.get("tech_headers"));

        Validation v = new Validation();
        String type = requiredText(body, "type", v);
        if (type != null && !type.equals("sip")) {
            v.reject("type", "must be \"sip\"");
        }
        String hostname = requiredText(body, "hostname", v);
        if (hostname != null) {
            check(v, "hostname", SipHost.problem(hostname));
        }
        String techPrefix = techAffix(body, "tech_prefix", v);
        String techPostfix = techAffix(body, "tech_postfix", v);
        Map<String, String> techHeaders = techHeaders(body.get("tech_headers"), v);
        String name = optionalText(body, "name", v);
        check(v, "name", nameProblem(name));
        String detail = optionalText(body, "detail", v);
        check(v, "detail", detailProblem(detail));
        String transport = optionalText(body, "transport", v);
        transport = transport == null || transport.isEmpty() ? SipTrunk.UDP : transport;
        if (!SipTrunk.UDP.equals(transport) && !SipTrunk.TCP.equals(transport)) {
            v.reject("transport", "must be udp or tcp");
        }
        v.throwIfInvalid("INVALID_PROVIDER");
        return new ProviderSpec(type, hostname, techPrefix, techPostfix, techHeaders, name, detail, codecs,
                transport);
    }

    /**
     * Normalises a codecs list: {@code null} or {@code ""} means the dialer's default and becomes {@code ""};
     * otherwise comma-separated, trimmed, upper-cased, each supported and named once, e.g. {@code " pcmu , PCMA "}
     * becomes {@code PCMU,PCMA}. A blank string is an empty entry, not a default.
     *
     * @throws ServiceException INVALID_CODECS naming the problem
     */
    public static String normaliseCodecs(String raw) {
        if (raw == null || raw.isEmpty()) {
            return "";
        }
        if (raw.length() > MAX_CODECS_LENGTH) {
            throw invalidCodecs("must be at most " + MAX_CODECS_LENGTH + " characters");
        }
        if (raw.indexOf('\r') >= 0 || raw.indexOf('\n') >= 0) {
            throw invalidCodecs("must not contain CR or LF");
        }
        if (raw.indexOf('(') >= 0 || raw.indexOf(')') >= 0) {
            throw invalidCodecs("must not contain parentheses");
        }
        Set<String> codecs = new LinkedHashSet<>();
        for (String entry : raw.split(",", -1)) {
            String codec = entry.trim().toUpperCase(Locale.ROOT);
            if (codec.isEmpty()) {
                throw invalidCodecs("contains an empty entry");
            }
            if (!SUPPORTED_CODECS.contains(codec)) {
                throw invalidCodecs("unsupported codec \"" + entry.trim() + "\" (supported: "
                        + String.join(", ", SUPPORTED_CODECS) + ")");
            }
            if (!codecs.add(codec)) {
                throw invalidCodecs("duplicate codec " + codec);
            }
        }
        return String.join(",", codecs);
    }

    private static String codecs(JsonNode node) {
        if (node == null || node.isNull()) {
            return "";
        }
        if (!node.isTextual()) {
            throw invalidCodecs(MUST_BE_STRING);
        }
        return normaliseCodecs(node.textValue());
    }

    private static ServiceException invalidCodecs(String reason) {
        return ServiceException.invalid("INVALID_CODECS", "Invalid codecs value: " + reason + ".",
                List.of(new FieldViolation("codecs", reason)));
    }

    /** A non-string value cannot be told apart from a bad one further on, so it fails alone and first. */
    private static void requireStringHeaderValues(JsonNode headers) {
        if (headers == null || !headers.isObject()) {
            return;
        }
        List<FieldViolation> nonStrings = new ArrayList<>();
        for (Map.Entry<String, JsonNode> header : headers.properties()) {
            if (!header.getValue().isTextual()) {
                nonStrings.add(new FieldViolation("tech_headers." + header.getKey(), MUST_BE_STRING));
            }
        }
        if (!nonStrings.isEmpty()) {
            throw ServiceException.invalid("INVALID_ARGUMENT", "tech_headers values must be strings.", nonStrings);
        }
    }

    private static Map<String, String> techHeaders(JsonNode node, Validation v) {
        if (node == null || node.isNull()) {
            return Map.of();
        }
        if (!node.isObject()) {
            v.reject("tech_headers", "must be an object");
            return Map.of();
        }
        if (node.size() > MAX_TECH_HEADERS) {
            v.reject("tech_headers", "must have at most " + MAX_TECH_HEADERS + " entries");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        Set<String> seen = new HashSet<>();
        for (Map.Entry<String, JsonNode> header : node.properties()) {
            String name = header.getKey();
            String value = header.getValue().textValue();
            String field = "tech_headers." + name;
            check(v, field, headerNameProblem(name, seen));
            check(v, field, SipHeaders.valueProblem(value));
            headers.put(name, value);
        }
        return headers;
    }

    /** {@code seen} holds the lower-cased names so far: "X-A" and "x-a" are one SIP header sent twice. */
    private static String headerNameProblem(String name, Set<String> seen) {
        if (!SipHeaders.isToken(name)) {
            return "header name must be an RFC 3261 token of 1 to " + SipHeaders.MAX_NAME_LENGTH + " characters";
        }
        if (SipHeaders.isReserved(name)) {
            return "header name is reserved";
        }
        if (!seen.add(name.toLowerCase(Locale.ROOT))) {
            return "header name repeats another one (names are case-insensitive)";
        }
        return null;
    }

    private static String techAffix(JsonNode body, String field, Validation v) {
        String affix = optionalText(body, field, v);
        if (!SipUserPart.isSafeTechAffix(affix)) {
            v.reject(field, affix.length() > SipUserPart.MAX_TECH_AFFIX_LENGTH
                    ? "must be at most " + SipUserPart.MAX_TECH_AFFIX_LENGTH + " characters"
                    : "may contain only ASCII letters, digits and + * # - . _");
        }
        return affix;
    }

    private static String nameProblem(String name) {
        if (name.codePointCount(0, name.length()) > MAX_NAME_LENGTH) {
            return "must be at most " + MAX_NAME_LENGTH + " characters";
        }
        if (name.indexOf('\0') >= 0 || name.indexOf('\r') >= 0 || name.indexOf('\n') >= 0) {
            return "must not contain NUL, CR or LF";
        }
        return null;
    }

    /** Line breaks are fine in a description; NUL is not, no text column stores it. */
    private static String detailProblem(String detail) {
        if (detail.codePointCount(0, detail.length()) > MAX_DETAIL_LENGTH) {
            return "must be at most " + MAX_DETAIL_LENGTH + " characters";
        }
        if (detail.indexOf('\0') >= 0) {
            return "must not contain NUL";
        }
        return null;
    }

    private static String requiredText(JsonNode body, String field, Validation v) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            v.reject(field, "required");
            return null;
        }
        if (!node.isTextual()) {
            v.reject(field, MUST_BE_STRING);
            return null;
        }
        return node.textValue();
    }

    /** The text of an optional string field; absent, null or of the wrong type all yield {@code ""}. */
    private static String optionalText(JsonNode body, String field, Validation v) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return "";
        }
        if (!node.isTextual()) {
            v.reject(field, MUST_BE_STRING);
            return "";
        }
        return node.textValue();
    }

    private static void check(Validation v, String field, String problem) {
        if (problem != null) {
            v.reject(field, problem);
        }
    }
}
