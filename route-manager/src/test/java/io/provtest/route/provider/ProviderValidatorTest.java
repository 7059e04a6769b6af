package io.provtest.route.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.provtest.common.error.ErrorStatus;
import io.provtest.common.error.FieldViolation;
import io.provtest.common.error.ServiceException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ProviderValidatorTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String AFFIX_CHARSET = "may contain only ASCII letters, digits and + * # - . _";

    // ---- accepted bodies

    @Test
    void minimalBodyGetsEmptyDefaults() {
        ProviderSpec spec = ProviderValidator.validate(minimal());
        assertEquals(new ProviderSpec("sip", "sip.telnyx.com", "", "", Map.of(), "", "", "", "udp"), spec);
    }

    @Test
    void explicitNullsMeanAbsent() throws JsonProcessingException {
        ProviderSpec spec = ProviderValidator.validate(json("{\"type\":\"sip\",\"hostname\":\"h\",\"tech_prefix\":null,"
                + "\"tech_postfix\":null,\"tech_headers\":null,\"name\":null,\"detail\":null,\"codecs\":null}"));
        assertEquals(new ProviderSpec("sip", "h", "", "", Map.of(), "", "", "", "udp"), spec);
    }

    @Test
    void fullBodyIsNormalised() throws JsonProcessingException {
        ProviderSpec spec = ProviderValidator.validate(json("{\"type\":\"sip\",\"hostname\":\"10.0.0.1:5061\","
                + "\"tech_prefix\":\"+1\",\"tech_postfix\":\"#\",\"tech_headers\":{\"X-Zeta\":\"1\",\"X-Alpha\":\"2\"},"
                + "\"name\":\"Telnyx\",\"detail\":\"line one\\nline two\",\"codecs\":\" pcmu , PCMA \"}"));
        assertEquals(new ProviderSpec("sip", "10.0.0.1:5061", "+1", "#", Map.of("X-Zeta", "1", "X-Alpha", "2"),
                "Telnyx", "line one\nline two", "PCMU,PCMA", "udp"), spec);
    }

    @Test
    void transportIsUdpByDefaultTcpOnRequestAndNothingElse() throws JsonProcessingException {
        assertEquals("tcp", ProviderValidator.validate(json("{\"type\":\"sip\",\"hostname\":\"h\",\"transport\":\"tcp\"}"))
                .transport());
        assertEquals("udp", ProviderValidator.validate(json("{\"type\":\"sip\",\"hostname\":\"h\",\"transport\":\"\"}"))
                .transport());
        ServiceException e = assertThrows(ServiceException.class, () -> ProviderValidator.validate(
                json("{\"type\":\"sip\",\"hostname\":\"h\",\"transport\":\"tls\"}")));
        assertEquals("transport", e.error().details().get(0).field());
    }

    @Test
    void techHeadersKeepTheirOrderAndCannotBeChanged() throws JsonProcessingException {
        ObjectNode body = minimal();
        body.set("tech_headers", json("{\"X-C\":\"1\",\"X-A\":\"2\",\"X-B\":\"3\"}"));
        Map<String, String> headers = ProviderValidator.validate(body).techHeaders();
        assertEquals(List.of("X-C", "X-A", "X-B"), List.copyOf(headers.keySet()));
        assertThrows(UnsupportedOperationException.class, () -> headers.put("Via", "x"));
    }

    @Test
    void unknownTopLevelFieldsAreIgnored() {
        ObjectNode body = minimal();
        body.put("id", "whatever");
        body.putObject("nested").put("a", 1);
        assertEquals(ProviderValidator.validate(minimal()), ProviderValidator.validate(body));
    }

    @ParameterizedTest
    @ValueSource(strings = {"sip.telnyx.com", "10.0.0.1:5061", "[2001:db8::1]:5060", "localhost", "127.0.0.1:5070",
        "[::1]", "[::]", "[2001:db8:0:0:0:0:0:1]", "[::ffff:192.0.2.1]:5060", "[fe80::]", "carrier-1.Example.NET:65535",
        "a", "1.2.3.4:1", "xn--bcher-kva.example"})
    void goodHostnamesAreAcceptedVerbatim(String hostname) {
        assertEquals(hostname, ProviderValidator.validate(withText("hostname", hostname)).hostname());
    }

    @Test
    void aHostCalledSipWithAPortIsNotMistakenForAScheme() {
        assertEquals("sip:5060", ProviderValidator.validate(withText("hostname", "sip:5060")).hostname());
    }

    // ---- the injection corpus: every field that reaches the INVITE

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "sip:host|must not include a scheme such as sip:",
        "SIP:host|must not include a scheme such as sip:",
        "sips:host:5061|must not include a scheme such as sip:",
        "sip:user@host|must not include a scheme such as sip:",
        "http://host|must not include a scheme such as sip:",
        "host/path|must not include a path",
        "host:5060/x|must not include a path",
        "user@host|must not include a user part (user@)",
        "host:0|port must be a number from 1 to 65535",
        "host:65536|port must be a number from 1 to 65535",
        "host:99999|port must be a number from 1 to 65535",
        "host:|port must be a number from 1 to 65535",
        "host:abc|port must be a number from 1 to 65535",
        "host:+5060|port must be a number from 1 to 65535",
        "[::1]:0|port must be a number from 1 to 65535",
        "-bad.com|is not a valid DNS name",
        "bad-.com|is not a valid DNS name",
        "a..b|is not a valid DNS name",
        ".a|is not a valid DNS name",
        "host.|is not a valid DNS name",
        "under_score.com|is not a valid DNS name",
        "host;transport=tcp|is not a valid DNS name",
        "<host>|is not a valid DNS name",
        "h%40st|is not a valid DNS name",
        "b\u00FCcher.example|is not a valid DNS name",
        "256.1.1.1|is not a valid IPv4 address",
        "1.2.3|is not a valid IPv4 address",
        "01.2.3.4|is not a valid IPv4 address",
        "1.2.3.4.5|is not a valid IPv4 address",
        "2001:db8::1|an IPv6 address must be enclosed in [ ]",
        "[2001:db8::1|is not a valid bracketed IPv6 address",
        "[2001:db8:::1]|is not a valid bracketed IPv6 address",
        "[1::2::3]|is not a valid bracketed IPv6 address",
        "[1:2:3:4:5:6:7:8:9]|is not a valid bracketed IPv6 address",
        "[1:2:3:4:5:6:7]|is not a valid bracketed IPv6 address",
        "[1:2:3:4:5:6:7::8]|is not a valid bracketed IPv6 address",
        "[12345::1]|is not a valid bracketed IPv6 address",
        "[fe80::1%25eth0]|is not a valid bracketed IPv6 address",
        "[host]|is not a valid bracketed IPv6 address",
        "[::1]x|is not a valid bracketed IPv6 address",
        "[]|is not a valid bracketed IPv6 address",
    })
    void badHostnamesAreRejected(String hostname, String reason) {
        assertProviderViolation(withText("hostname", hostname), "hostname", reason);
    }

    @ParameterizedTest
    @ValueSource(strings = {" host", "host ", "ho st", "host\t", "host\r\nVia: evil", "host\n", "host\u0000",
        "host\u007F"})
    void hostnamesAreNotTrimmedAndWhitespaceIsRejected(String hostname) {
        assertProviderViolation(withText("hostname", hostname), "hostname",
                "must not contain whitespace or control characters");
    }

    @Test
    void hostnameLengthAndLabelLengthAreBounded() {
        String label63 = "a".repeat(63);
        String name253 = String.join(".", label63, label63, label63, "a".repeat(61));
        assertEquals(name253, ProviderValidator.validate(withText("hostname", name253)).hostname());
        assertProviderViolation(withText("hostname", name253 + "a"), "hostname", "is not a valid DNS name");
        assertProviderViolation(withText("hostname", "a".repeat(64) + ".com"), "hostname", "is not a valid DNS name");
    }

    @Test
    void emptyHostnameIsRejected() {
        assertProviderViolation(withText("hostname", ""), "hostname", "must not be empty");
    }

    @ParameterizedTest
    @ValueSource(strings = {"@", "1@evil.com", ";", "1;transport=tcp", ">", "1>", "<sip:", "?", ":", "/", " ", "1 2",
        "\r", "\n", "\r\nVia: x", "%", "%40", "\"", "'", ",", "\t", "\u0000", "\u00E9", "sip:1"})
    void techAffixesThatCouldReshapeTheRequestUriAreRejected(String affix) {
        assertProviderViolation(withText("tech_prefix", affix), "tech_prefix", AFFIX_CHARSET);
        assertProviderViolation(withText("tech_postfix", affix), "tech_postfix", AFFIX_CHARSET);
    }

    @Test
    void techAffixesHaveAtMost32Characters() {
        assertEquals("9".repeat(32), ProviderValidator.validate(withText("tech_prefix", "9".repeat(32))).techPrefix());
        assertProviderViolation(withText("tech_prefix", "9".repeat(33)), "tech_prefix", "must be at most 32 characters");
        assertProviderViolation(withText("tech_postfix", "9".repeat(33)), "tech_postfix", "must be at most 32 characters");
    }

    @ParameterizedTest
    @ValueSource(strings = {"+", "*67", "#31#", "9901", "trunk-a.", "A_b"})
    void dialPrefixesAreAccepted(String affix) {
        ProviderSpec spec = ProviderValidator.validate(withText("tech_prefix", affix));
        assertEquals(affix, spec.techPrefix());
    }

    @ParameterizedTest
    @ValueSource(strings = {"From", "from", "FROM", "To", "Via", "vIa", "Call-ID", "call-id", "CSeq", "Contact",
        "Max-Forwards", "Route", "Record-Route", "Content-Length", "Content-Type", "P-Asserted-Identity",
        "p-asserted-identity", "P-Preferred-Identity", "Privacy", "Authorization", "Proxy-Authorization",
        "WWW-Authenticate", "Proxy-Authenticate", "Expires", "Allow", "Supported", "Require", "Proxy-Require",
        "Content-Encoding", "Content-Disposition", "Accept", "Event", "Refer-To", "Replaces",
        "f", "F", "t", "v", "V", "i", "m", "l", "c", "k", "s", "e", "o", "u", "r", "x", "X"})
    void reservedHeaderNamesAreRejectedInAnyCase(String name) {
        assertProviderViolation(withHeader(name, "x"), "tech_headers." + name, "header name is reserved");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "X Foo", "X-Foo:", "Via:", "X-Foo\r\nVia", "X-Foo\n", "X@Y", "<X>", "X;Y", "X,Y",
        "X\u00E9", "X\u0000"})
    void headerNamesThatAreNotTokensAreRejected(String name) {
        assertProviderViolation(withHeader(name, "x"), "tech_headers." + name,
                "header name must be an RFC 3261 token of 1 to 64 characters");
    }

    @Test
    void headerNamesHaveAtMost64Characters() {
        String name = "X".repeat(65);
        assertProviderViolation(withHeader(name, "x"), "tech_headers." + name,
                "header name must be an RFC 3261 token of 1 to 64 characters");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\r\nVia: SIP/2.0/UDP evil.example", "a\rb", "a\nb", "a\r\n\r\nv=0"})
    void headerValuesWithLineBreaksAreRejected(String value) {
        assertProviderViolation(withHeader("X-Foo", value), "tech_headers.X-Foo", "contains CR or LF");
    }

    @Test
    void headerValuesWithNulAreRejected() {
        assertProviderViolation(withHeader("X-Foo", "a\u0000b"), "tech_headers.X-Foo", "contains NUL");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\tb", "a\u001Bb", "a\u007Fb", "a\u0085b"})
    void headerValuesWithOtherControlCharactersAreRejected(String value) {
        assertProviderViolation(withHeader("X-Foo", value), "tech_headers.X-Foo", "contains a control character");
    }

    @Test
    void headerValuesHaveAtMost256Characters() {
        assertEquals(Map.of("X-Foo", "v".repeat(256)),
                ProviderValidator.validate(withHeader("X-Foo", "v".repeat(256))).techHeaders());
        assertProviderViolation(withHeader("X-Foo", "v".repeat(300)), "tech_headers.X-Foo",
                "must be at most 256 characters");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "   "})
    void blankHeaderValuesAreRejected(String value) {
        assertProviderViolation(withHeader("X-Foo", value), "tech_headers.X-Foo", "must not be blank");
    }

    @Test
    void headerNamesThatDifferOnlyInCaseAreRejectedAsRepeats() throws JsonProcessingException {
        ObjectNode body = minimal();
        body.set("tech_headers", json("{\"X-Acct\":\"1\",\"x-acct\":\"2\"}"));
        assertProviderViolation(body, "tech_headers.x-acct", "header name repeats another one (names are case-insensitive)");
    }

    @Test
    void atMost20TechHeadersAreAccepted() {
        assertEquals(20, ProviderValidator.validate(withHeaders(20)).techHeaders().size());
        assertProviderViolation(withHeaders(21), "tech_headers", "must have at most 20 entries");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "true", "null", "{}", "[]", "[\"x\"]", "1.5"})
    void nonStringHeaderValuesFailAloneAndFirst(String value) throws JsonProcessingException {
        ObjectNode body = MAPPER.createObjectNode();
        body.set("tech_headers", json("{\"X-Ok\":\"fine\",\"X-Foo\":" + value + "}"));
        ServiceException e = assertThrows(ServiceException.class, () -> ProviderValidator.validate(body));
        assertEquals(ErrorStatus.INVALID_ARGUMENT, e.error().status());
        assertEquals("INVALID_ARGUMENT", e.error().reason());
        assertEquals("tech_headers values must be strings.", e.error().message());
        assertEquals(List.of(new FieldViolation("tech_headers.X-Foo", "must be a string")), e.error().details());
    }

    // ---- wrong JSON types

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "type|1", "type|true", "type|{}", "hostname|[]", "hostname|{}", "hostname|5060",
        "tech_prefix|1", "tech_prefix|9901", "tech_prefix|[]", "tech_postfix|false", "tech_postfix|{}",
        "name|1", "name|[\"a\"]", "detail|{}", "detail|0",
    })
    void nonStringValuesAreRejected(String field, String value) throws JsonProcessingException {
        ObjectNode body = minimal();
        body.set(field, json(value));
        assertProviderViolation(body, field, "must be a string");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"X-Foo: bar\"", "[]", "[[\"X-Foo\",\"bar\"]]", "1", "true"})
    void techHeadersMustBeAnObject(String value) throws JsonProcessingException {
        ObjectNode body = minimal();
        body.set("tech_headers", json(value));
        assertProviderViolation(body, "tech_headers", "must be an object");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "true", "[\"PCMU\"]", "{}"})
    void nonStringCodecsAreInvalidCodecs(String value) throws JsonProcessingException {
        ObjectNode body = minimal();
        body.set("codecs", json(value));
        ServiceException e = assertThrows(ServiceException.class, () -> ProviderValidator.validate(body));
        assertEquals("INVALID_CODECS", e.error().reason());
        assertEquals("Invalid codecs value: must be a string.", e.error().message());
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "\"provider\"", "1", "null", "true"})
    void aBodyThatIsNotAnObjectIsInvalidJsonBody(String text) throws JsonProcessingException {
        assertInvalidJsonBody(json(text));
    }

    @Test
    void anAbsentBodyIsInvalidJsonBody() {
        assertInvalidJsonBody(null);
        assertInvalidJsonBody(MissingNode.getInstance());
    }

    // ---- type, name, detail

    @Test
    void typeAndHostnameAreRequired() {
        List<FieldViolation> violations = providerViolations(MAPPER.createObjectNode());
        assertEquals(List.of(new FieldViolation("type", "required"), new FieldViolation("hostname", "required")),
                violations);
    }

    @Test
    void nullTypeIsMissingType() {
        ObjectNode body = minimal();
        body.putNull("type");
        assertProviderViolation(body, "type", "required");
    }

    @ParameterizedTest
    @ValueSource(strings = {"SIP", "sips", "iax", "", " sip"})
    void sipIsTheOnlyType(String type) {
        assertProviderViolation(withText("type", type), "type", "must be \"sip\"");
    }

    @Test
    void nameHasAtMost255CharactersCountedAsCodePoints() {
        String emoji = "\uD83D\uDCDE";
        assertEquals(emoji.repeat(255), ProviderValidator.validate(withText("name", emoji.repeat(255))).name());
        assertProviderViolation(withText("name", "n".repeat(256)), "name", "must be at most 255 characters");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\u0000b", "a\rb", "a\nb", "Telnyx\r\nVia: x"})
    void nameHasNoNulOrLineBreaks(String name) {
        assertProviderViolation(withText("name", name), "name", "must not contain NUL, CR or LF");
    }

    @Test
    void detailHasAtMost2048CharactersAndNoNul() {
        assertEquals("d".repeat(2048), ProviderValidator.validate(withText("detail", "d".repeat(2048))).detail());
        assertProviderViolation(withText("detail", "d".repeat(2049)), "detail", "must be at most 2048 characters");
        assertProviderViolation(withText("detail", "a\u0000b"), "detail", "must not contain NUL");
    }

    @Test
    void everyBadFieldIsReportedInOneAnswer() throws JsonProcessingException {
        ServiceException e = assertThrows(ServiceException.class, () -> ProviderValidator.validate(json(
                "{\"type\":\"iax\",\"hostname\":\"sip:h\",\"tech_prefix\":\"@\",\"tech_headers\":{\"Via\":\"x\"}}")));
        assertEquals("INVALID_PROVIDER", e.error().reason());
        assertEquals(List.of("type", "hostname", "tech_prefix", "tech_headers.Via"),
                e.error().details().stream().map(FieldViolation::field).toList());
        assertEquals("type: must be \"sip\" (and 3 more)", e.error().message());
    }

    // ---- codecs

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "PCMU|PCMU", "pcmu|PCMU", "Pcma|PCMA", "PCMU,PCMA|PCMU,PCMA", "PCMA,PCMU|PCMA,PCMU", "pcmu,pcma|PCMU,PCMA",
    })
    void codecsAreUpperCasedKeepingTheirOrder(String raw, String normalised) {
        assertEquals(normalised, ProviderValidator.normaliseCodecs(raw));
    }

    @Test
    void whitespaceAroundCodecsIsTrimmed() {
        assertEquals("PCMU,PCMA", ProviderValidator.normaliseCodecs(" PCMU , PCMA "));
        assertEquals("PCMU,PCMA", ProviderValidator.normaliseCodecs("\tPCMU,\tPCMA\t"));
    }

    @Test
    void anEmptyOrAbsentCodecListMeansTheDefault() {
        assertEquals("", ProviderValidator.normaliseCodecs(""));
        assertEquals("", ProviderValidator.normaliseCodecs(null));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "' '|contains an empty entry",
        "PCMU,,PCMA|contains an empty entry",
        "PCMU,|contains an empty entry",
        ",PCMU|contains an empty entry",
        "' , '|contains an empty entry",
        "G729|unsupported codec \"G729\" (supported: PCMU, PCMA)",
        "PCMU;ptime=20|unsupported codec \"PCMU;ptime=20\" (supported: PCMU, PCMA)",
        "PCMU,PCMU|duplicate codec PCMU",
        "pcmu,PCMU|duplicate codec PCMU",
        "PCMU(20)|must not contain parentheses",
        "PCMU)|must not contain parentheses",
    })
    void badCodecListsAreRejected(String raw, String reason) {
        assertInvalidCodecs(raw, reason);
    }

    @ParameterizedTest
    @ValueSource(strings = {"PCMU\r\nVia: x", "PCMU\nPCMA", "PCMU\r", "\n"})
    void codecListsWithLineBreaksAreRejected(String raw) {
        assertInvalidCodecs(raw, "must not contain CR or LF");
    }

    @Test
    void codecListsHaveAtMost255Characters() {
        assertInvalidCodecs("PCMU,".repeat(51) + "P", "must be at most 255 characters");
    }

    @Test
    void aBadCodecListFailsBeforeOtherFieldsAreLookedAt() {
        ObjectNode body = MAPPER.createObjectNode();
        body.put("codecs", "G729");
        ServiceException e = assertThrows(ServiceException.class, () -> ProviderValidator.validate(body));
        assertEquals("INVALID_CODECS", e.error().reason());
    }

    // ---- helpers

    private static ObjectNode minimal() {
        ObjectNode body = MAPPER.createObjectNode();
        body.put("type", "sip");
        body.put("hostname", "sip.telnyx.com");
        return body;
    }

    private static ObjectNode withText(String field, String value) {
        ObjectNode body = minimal();
        body.put(field, value);
        return body;
    }

    private static ObjectNode withHeader(String name, String value) {
        ObjectNode body = minimal();
        body.putObject("tech_headers").put(name, value);
        return body;
    }

    private static ObjectNode withHeaders(int count) {
        ObjectNode body = minimal();
        ObjectNode headers = body.putObject("tech_headers");
        for (int i = 0; i < count; i++) {
            headers.put("X-H" + i, "v");
        }
        return body;
    }

    private static JsonNode json(String text) throws JsonProcessingException {
        return MAPPER.readTree(text);
    }

    private static List<FieldViolation> providerViolations(JsonNode body) {
        ServiceException e = assertThrows(ServiceException.class, () -> ProviderValidator.validate(body));
        assertEquals(ErrorStatus.INVALID_ARGUMENT, e.error().status());
        assertEquals("INVALID_PROVIDER", e.error().reason());
        return e.error().details();
    }

    private static void assertProviderViolation(JsonNode body, String field, String reason) {
        List<FieldViolation> violations = providerViolations(body);
        assertTrue(violations.contains(new FieldViolation(field, reason)), () -> "got " + violations);
    }

    private static void assertInvalidCodecs(String raw, String reason) {
        ServiceException e = assertThrows(ServiceException.class, () -> ProviderValidator.normaliseCodecs(raw));
        assertEquals(ErrorStatus.INVALID_ARGUMENT, e.error().status());
        assertEquals("INVALID_CODECS", e.error().reason());
        assertEquals("Invalid codecs value: " + reason + ".", e.error().message());
        assertEquals(List.of(new FieldViolation("codecs", reason)), e.error().details());
    }

    private static void assertInvalidJsonBody(JsonNode body) {
        ServiceException e = assertThrows(ServiceException.class, () -> ProviderValidator.validate(body));
        assertEquals("INVALID_JSON_BODY", e.error().reason());
        assertEquals("The request body must be a JSON object.", e.error().message());
    }
}
