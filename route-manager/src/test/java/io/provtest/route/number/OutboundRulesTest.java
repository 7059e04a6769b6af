package io.provtest.route.number;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.provtest.common.error.ServiceException;
import io.provtest.common.model.Address;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** {@link OutboundRules} and {@link NumberRules}: the config's fields, the destination rules, the source choice. */
class OutboundRulesTest {

    private static final UUID CUSTOMER = UUID.randomUUID();

    private static NumberEntity number(String e164, UUID owner, String status, boolean deleted) {
        NumberEntity n = new NumberEntity();
        n.id = UUID.randomUUID();
        n.number = e164;
        n.customerId = owner;
        n.status = status;
        n.tmDelete = deleted ? Instant.now() : null;
        return n;
    }

    private static Address tel(String target) {
        return new Address("tel", target, "Desk", null, null);
    }

    @Test
    void destinationsByAllowedCountriesAndDeniedPrefixes() {
        assertNull(OutboundRules.destinationRefusal(List.of(), List.of(), "+821012345678"), "empty: every country");
        assertNull(OutboundRules.destinationRefusal(List.of("+1", "+82"), List.of(), "+821012345678"));
        assertNotNull(OutboundRules.destinationRefusal(List.of("+1"), List.of(), "+821012345678"));
        assertNotNull(OutboundRules.destinationRefusal(List.of("+82"), List.of("+8260"), "+826012345678"),
                "a denied prefix wins over an allowed country");
        assertNotNull(OutboundRules.destinationRefusal(List.of(), List.of("+882"), "+88212345678"));
    }

    @Test
    void theSourceIsOwnedElseTheDefaultElseNone() {
        NumberEntity own = number("+14155550100", CUSTOMER, "active", false);
        NumberEntity fallback = number("+14155550199", CUSTOMER, "active", false);
        Address given = tel("+14155550100");
        assertSame(given, OutboundRules.chooseSource(CUSTOMER, given, false, own, fallback));

        NumberEntity others = number("+14155550100", UUID.randomUUID(), "active", false);
        Address replaced = OutboundRules.chooseSource(CUSTOMER, given, false, others, fallback);
        assertEquals("+14155550199", replaced.target(), "another customer's number: the default instead");
        assertEquals("tel", replaced.type());
        assertEquals("Desk", replaced.targetName(), "the display name is kept");
        assertEquals("+14155550199", OutboundRules.chooseSource(CUSTOMER, given, false,
                number("+14155550100", CUSTOMER, "disabled", false), fallback).target(), "a disabled number");
        assertEquals("+14155550199", OutboundRules.chooseSource(CUSTOMER, given, false, null, fallback).target(),
                "an unregistered number");
        assertEquals("+14155550199", OutboundRules.chooseSource(CUSTOMER,
                new Address("sip", "alice@example.com", null, null, null), false, null, fallback).target());
        assertEquals("+14155550199", OutboundRules.chooseSource(CUSTOMER, null, false, null, fallback).target());

        assertNull(OutboundRules.chooseSource(CUSTOMER, given, false, others, null));
        assertNull(OutboundRules.chooseSource(CUSTOMER, given, false, others,
                number("+14155550199", CUSTOMER, "active", true)), "a deleted default");
        assertNull(OutboundRules.chooseSource(CUSTOMER, given, false, others,
                number("+14155550199", UUID.randomUUID(), "active", false)), "a default moved to another customer");

        assertSame(given, OutboundRules.chooseSource(CUSTOMER, given, true, others, null),
                "skip_source_validation: verbatim");
    }

    @Test
    void configFieldsAreValidated() {
        OutboundRules.Spec defaults = OutboundRules.validate(new OutboundRules.Spec(null, null, null, null, null, null));
        assertEquals(List.of(), defaults.allowedCountries());
        assertEquals(List.of(), defaults.codecs());
        assertEquals(0, defaults.maxConcurrentCalls());
        assertEquals(0, defaults.callsPerSecond());
        ServiceException bad = assertThrows(ServiceException.class, () -> OutboundRules.validate(new OutboundRules.Spec(
                null, List.of("+82", "82", "+82"), List.of("+1-800"), -1, -2, List.of("PCMA", "G729", "pcma"))));
        List<String> fields = bad.error().details().stream().map(d -> d.field()).toList();
        assertEquals(List.of("allowed_countries[1]", "allowed_countries[2]", "denied_prefixes[0]",
                "max_concurrent_calls", "calls_per_second", "codecs[1]", "codecs[2]"), fields);
    }

    @Test
    void codecsKeepTheGivenOrderInTheCodecListsSpelling() {
        OutboundRules.Spec spec = OutboundRules.validate(new OutboundRules.Spec(null, null, null, null, null,
                List.of("pcma", " PCMU ")));
        assertEquals(List.of("PCMA", "PCMU"), spec.codecs(), "the offer's order is the customer's");
    }

    @Test
    void numbersAreE164WithAStatus() {
        NumberRules.Spec ok = NumberRules.validate(new NumberRules.Spec(CUSTOMER, "+1 (415) 555-0100", null, null,
                null));
        assertEquals("+14155550100", ok.number());
        assertEquals("active", ok.status());
        ServiceException bad = assertThrows(ServiceException.class, () -> NumberRules.validate(new NumberRules.Spec(
                null, "4155550100", "on", "x".repeat(256), "line\nbreak")));
        assertEquals(List.of("customer_id", "number", "status", "name", "detail"),
                bad.error().details().stream().map(d -> d.field()).toList());
        assertEquals("INVALID_ARGUMENT", bad.error().reason());
    }
}
