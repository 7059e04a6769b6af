package io.provtest.call.address;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.provtest.common.address.AllowList;
import io.provtest.common.address.PlayUrl;
import io.provtest.common.error.ServiceException;
import io.provtest.common.model.Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The guard with a resolver that answers from a table (and counts its lookups); no network is touched. */
class DestinationGuardTest {

    private final List<String> lookups = new ArrayList<>();

    private DestinationGuard guard(String sipAllowed, Map<String, String> names) {
        Resolver table = (name, timeout) -> {
            lookups.add(name);
            String address = names.get(name);
            if (address == null) {
                throw new UnknownHostException(name);
            }
            List<InetAddress> all = new ArrayList<>();
            for (String a : address.split(",")) {
                all.add(InetAddress.getByName(a));
            }
            return all;
        };
        return new DestinationGuard(AllowList.parse(sipAllowed), AllowList.parse("127.0.0.1"), table,
                a -> a.getHostAddress().equals("203.0.114.9"), Duration.ofSeconds(1));
    }

    private static Address sip(String target) {
        return new Address("sip", target, null, null, null);
    }

    @Test
    void aLiteralIsDialedAsWrittenWhenAllowedAndNeverLookedUp() {
        DestinationGuard guard = guard("127.0.0.1", Map.of());
        assertEquals("127.0.0.1:5090", guard.sipHop(sip("desk@127.0.0.1:5090")));
        assertEquals("8.8.8.8", guard.sipHop(sip("sip:desk@8.8.8.8")));
        assertTrue(lookups.isEmpty());
    }

    @Test
    void aRefusedLiteralIs400DestinationNotAllowedNamingTheRange() {
        DestinationGuard guard = guard("127.0.0.1", Map.of());
        for (String target : List.of("desk@127.0.0.2:5090", "desk@10.0.0.1", "desk@[::1]", "desk@169.254.169.254",
                "desk@[fe80::1]:5060", "desk@0.0.0.0", "desk@203.0.114.9")) {
            ServiceException e = assertThrows(ServiceException.class, () -> guard.sipHop(sip(target)), target);
            assertEquals(400, e.httpStatus());
            assertEquals("DESTINATION_NOT_ALLOWED", e.error().reason(), target);
        }
        assertTrue(assertThrows(ServiceException.class, () -> guard.sipHop(sip("desk@203.0.114.9")))
                .error().message().contains("this platform itself"), "the platform's own address");
    }

    @Test
    void aNameIsResolvedJudgedAndReplacedByTheAddressItWasJudgedAt() {
        DestinationGuard guard = guard("", Map.of("pbx.example", "8.8.4.4,8.8.8.8"));
        assertEquals("8.8.4.4:5070", guard.sipHop(sip("desk@pbx.example:5070")));
        assertEquals("8.8.4.4", guard.sipHop(sip("desk@pbx.example")));
        assertEquals(List.of("pbx.example", "pbx.example"), lookups);
    }

    @Test
    void aNameResolvingToARefusedAddressIsRefusedAsAnUnknownNameIs() {
        DestinationGuard guard = guard("127.0.0.1:5090", Map.of("internal.example", "10.0.0.1",
                "mixed.example", "8.8.8.8,169.254.169.254", "loop.example", "127.0.0.1",
                "v6.example", "2001:4860:4860::8888,::ffff:10.0.0.1"));
        for (String target : List.of("desk@internal.example", "desk@mixed.example", "desk@loop.example:5091",
                "desk@v6.example", "desk@unknown.example")) {
            ServiceException e = assertThrows(ServiceException.class, () -> guard.sipHop(sip(target)), target);
            assertEquals("DESTINATION_NOT_ALLOWED", e.error().reason());
            assertEquals(DestinationGuard.SIP_NAME_REFUSED, e.error().message(), "no oracle for internal names");
        }
        // the allow-list's address entry with its port covers a name resolving to it on that port
        assertEquals("127.0.0.1:5090", guard.sipHop(sip("desk@loop.example:5090")));
    }

    @Test
    void realNamesOfThisMachineAreRefused() {
        // the machine's own resolver: localhost is loopback (127.0.0.1, and ::1 where the hosts file says so)
        DestinationGuard guard = new DestinationGuard(AllowList.parse("127.0.0.1:5999"), AllowList.NONE,
                Resolver.system(), a -> false, Duration.ofSeconds(2));
        assertEquals("DESTINATION_NOT_ALLOWED", assertThrows(ServiceException.class,
                () -> guard.sipHop(sip("desk@localhost:5998"))).error().reason());
    }

    @Test
    void atWriteTimeOnlyLiteralsAreRefusedAndEachIsNamed() {
        DestinationGuard guard = guard("127.0.0.1", Map.of());
        guard.refuseLiterals(List.of(sip("desk@pbx.example"), sip("desk@127.0.0.1:5090"),
                new Address("tel", "+821012345678", null, null, null)));
        ServiceException e = assertThrows(ServiceException.class, () -> guard.refuseLiterals(List.of(
                sip("desk@pbx.example"), sip("desk@127.0.0.2:5090"), sip("desk@10.0.0.1"))));
        assertEquals("DESTINATION_NOT_ALLOWED", e.error().reason());
        assertEquals(List.of("destinations[1].target", "destinations[2].target"),
                e.error().details().stream().map(d -> d.field()).toList());
        assertTrue(lookups.isEmpty(), "names wait for dialing");
    }

    @Test
    void aPlayHostIsJudgedByThePlayList() throws Exception {
        DestinationGuard guard = guard("", Map.of("media.example", "127.0.0.1", "meta.example", "169.254.169.254"));
        assertEquals(InetAddress.getByName("127.0.0.1"),
                guard.playAddress(PlayUrl.parse("http://media.example:8000/a.wav"), Duration.ofSeconds(1)));
        assertThrows(DestinationGuard.NotAllowed.class,
                () -> guard.playAddress(PlayUrl.parse("http://meta.example/"), Duration.ofSeconds(1)));
        assertThrows(DestinationGuard.NotAllowed.class,
                () -> guard.playAddress(PlayUrl.parse("http://127.0.0.2/a.wav"), Duration.ofSeconds(1)));
        assertThrows(UnknownHostException.class,
                () -> guard.playAddress(PlayUrl.parse("http://nowhere.example/a.wav"), Duration.ofSeconds(1)));
        assertFalse(lookups.contains("127.0.0.2"), "a literal is never looked up");
    }

    @Test
    void aCustomerDestinationsMediaAddressIsJudgedAndAProvidersIsNot() throws Exception {
        DestinationGuard guard = guard("127.0.0.1:5090", Map.of("media.example", "8.8.8.8,10.0.0.1",
                "rtp.example", "8.8.4.4"));
        assertEquals(InetAddress.getByName("127.0.0.1"), guard.mediaAddress("127.0.0.1", true));
        assertEquals(InetAddress.getByName("8.8.4.4"), guard.mediaAddress("rtp.example", true));
        String literal = assertThrows(DestinationGuard.NotAllowed.class, () -> guard.mediaAddress("127.0.0.2", true))
                .getMessage();
        assertTrue(literal.startsWith("The far end's answer asked for media at 127.0.0.2, a loopback address"), literal);
        assertTrue(literal.contains("SIP_ALLOWED_HOSTS") && literal.contains("DESTINATION_NOT_ALLOWED"), literal);
        String name = assertThrows(DestinationGuard.NotAllowed.class, () -> guard.mediaAddress("media.example", true))
                .getMessage();
        assertTrue(name.startsWith("The far end's answer asked for media at media.example (10.0.0.1), a private"), name);
        assertThrows(DestinationGuard.NotAllowed.class, () -> guard.mediaAddress("::1", true));
        assertThrows(DestinationGuard.NotAllowed.class, () -> guard.mediaAddress("203.0.114.9", true));
        // a provider's answer: the super-admin's carrier may keep its media where it likes
        assertEquals(InetAddress.getByName("10.0.0.1"), guard.mediaAddress("10.0.0.1", false));
        assertThrows(UnknownHostException.class, () -> guard.mediaAddress("nowhere.example", true));
    }
}
