package io.provtest.common.address;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.Inet6Address;
import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AddressRangesTest {

    @ParameterizedTest
    @CsvSource({
            "8.8.8.8, PUBLIC", "1.1.1.1, PUBLIC", "100.63.255.255, PUBLIC", "100.128.0.0, PUBLIC",
            "172.15.255.255, PUBLIC", "172.32.0.0, PUBLIC", "192.167.1.1, PUBLIC", "223.255.255.255, PUBLIC",
            "127.0.0.1, LOOPBACK", "127.0.0.2, LOOPBACK", "127.255.255.254, LOOPBACK",
            "10.0.0.1, PRIVATE", "10.255.255.255, PRIVATE", "172.16.0.1, PRIVATE", "172.31.255.255, PRIVATE",
            "192.168.0.1, PRIVATE",
            "100.64.0.1, SHARED", "100.127.255.255, SHARED",
            "169.254.0.1, LINK_LOCAL", "169.254.169.254, METADATA", "100.100.100.200, METADATA",
            "224.0.0.1, MULTICAST", "239.255.255.250, MULTICAST", "255.255.255.255, MULTICAST",
            "0.0.0.0, UNSPECIFIED", "0.1.2.3, UNSPECIFIED",
            "240.0.0.1, RESERVED", "192.0.2.1, RESERVED", "198.51.100.7, RESERVED", "203.0.113.9, RESERVED",
            "198.18.0.1, RESERVED", "192.0.0.192, RESERVED"})
    void ipv4(String address, AddressRange range) throws Exception {
        assertEquals(range, AddressRanges.classify(InetAddress.getByName(address)));
    }

    @ParameterizedTest
    @CsvSource({
            "2001:4860:4860::8888, PUBLIC", "2a00:1450:4001::1, PUBLIC",
            "::1, LOOPBACK", "::, UNSPECIFIED",
            "fe80::1, LINK_LOCAL", "febf:ffff::1, LINK_LOCAL", "fec0::1, PRIVATE",
            "fc00::1, UNIQUE_LOCAL", "fd12:3456::1, UNIQUE_LOCAL", "fd00:ec2::254, METADATA",
            "ff02::1, MULTICAST", "ff0e::1, MULTICAST",
            "2001:db8::1, RESERVED", "2001:0:4136:e378::1, RESERVED", "3fff::1, RESERVED", "100::1, RESERVED",
            "64:ff9b:1::1, RESERVED", "4000::1, RESERVED",
            // IPv4 inside IPv6 is judged by the IPv4 address
            "64:ff9b::a00:1, PRIVATE", "64:ff9b::808:808, PUBLIC", "2002:7f00:1::1, LOOPBACK",
            "2002:a9fe:a9fe::1, METADATA", "::127.0.0.1, LOOPBACK", "::ffff:0:a00:1, PRIVATE"})
    void ipv6(String address, AddressRange range) throws Exception {
        assertEquals(range, AddressRanges.classify(InetAddress.getByName(address)));
    }

    @ParameterizedTest
    @CsvSource({"127.0.0.1, LOOPBACK", "10.0.0.1, PRIVATE", "169.254.169.254, METADATA", "8.8.8.8, PUBLIC"})
    void anIpv4MappedIpv6AddressIsDecoded(String ipv4, AddressRange range) throws Exception {
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xff;
        mapped[11] = (byte) 0xff;
        System.arraycopy(InetAddress.getByName(ipv4).getAddress(), 0, mapped, 12, 4);
        // Inet6Address.getByAddress keeps the 16-byte form, which InetAddress.getByName would have turned into IPv4
        InetAddress address = Inet6Address.getByAddress(null, mapped, null);
        assertEquals(16, address.getAddress().length);
        assertEquals(range, AddressRanges.classify(address));
        assertEquals(InetAddress.getByName(ipv4), AddressRanges.canonical(address));
        // and the textual form, which the JDK already decodes
        assertEquals(range, AddressRanges.classify(InetAddress.getByName("::ffff:" + ipv4)));
    }
}
