package io.provtest.common.address;

import java.net.InetAddress;
import java.util.Arrays;

/**
 * Classifies an IP address. IPv6 forms that carry an IPv4 address (mapped {@code ::ffff:a.b.c.d}, SIIT
 * {@code ::ffff:0:a.b.c.d}, compatible {@code ::a.b.c.d}, NAT64 {@code 64:ff9b::/96}, 6to4 {@code 2002::/16}) are
 * judged by the IPv4 address inside, since that is what a translator on the path would reach. IPv6 outside global
 * unicast ({@code 2000::/3}) is never public.
 */
public final class AddressRanges {

    private AddressRanges() {
    }

    public static AddressRange classify(InetAddress address) {
        byte[] b = address.getAddress();
        if (b.length == 4) {
            return ipv4(u(b[0]), u(b[1]), u(b[2]), u(b[3]));
        }
        return ipv6(b);
    }

    /** The IPv4 form of an IPv4-mapped IPv6 address (Java keeps some as Inet6Address), otherwise the address. */
    public static InetAddress canonical(InetAddress address) {
        byte[] b = address.getAddress();
        if (b.length == 16 && zero(b, 0, 10) && u(b[10]) == 0xff && u(b[11]) == 0xff) {
            try {
                return InetAddress.getByAddress(Arrays.copyOfRange(b, 12, 16));
            } catch (java.net.UnknownHostException e) {
                throw new IllegalStateException(e); // four bytes are always a valid address
            }
        }
        return address;
    }

    private static AddressRange ipv4(int a, int b, int c, int d) {
        if ((a == 169 && b == 254 && c == 169 && d == 254) || (a == 100 && b == 100 && c == 100 && d == 200)) {
            return AddressRange.METADATA; // the common clouds' instance metadata (AWS/GCP/Azure/OpenStack, Alibaba)
        }
        if (a == 0) {
            return AddressRange.UNSPECIFIED; // 0.0.0.0/8, "this network"
        }
        if (a == 127) {
            return AddressRange.LOOPBACK;
        }
        if (a == 10 || (a == 172 && (b & 0xf0) == 16) || (a == 192 && b == 168)) {
            return AddressRange.PRIVATE;
        }
        if (a == 100 && (b & 0xc0) == 64) {
            return AddressRange.SHARED; // 100.64.0.0/10: the carrier's side of a NAT, never a customer's server
        }
        if (a == 169 && b == 254) {
            return AddressRange.LINK_LOCAL;
        }
        if (a >= 224 && a <= 239) {
            return AddressRange.MULTICAST;
        }
        if (a >= 240) {
            return a == 255 && b == 255 && c == 255 && d == 255 ? AddressRange.MULTICAST : AddressRange.RESERVED;
        }
        if ((a == 192 && b == 0 && (c == 0 || c == 2)) || (a == 198 && (b & 0xfe) == 18)
                || (a == 198 && b == 51 && c == 100) || (a == 203 && b == 0 && c == 113) || (a == 192 && b == 88 && c == 99)) {
            return AddressRange.RESERVED; // protocol assignments, documentation, benchmarking, 6to4 relay
        }
        return AddressRange.PUBLIC;
    }

    private static AddressRange ipv6(byte[] b) {
        if (zero(b, 0, 16)) {
            return AddressRange.UNSPECIFIED;
        }
        if (zero(b, 0, 15) && b[15] == 1) {
            return AddressRange.LOOPBACK;
        }
        int[] v4 = embeddedIpv4(b);
        if (v4 != null) {
            return ipv4(v4[0], v4[1], v4[2], v4[3]);
        }
        int first = u(b[0]);
        int second = u(b[1]);
        if (first == 0xfd && second == 0x00 && u(b[2]) == 0x0e && u(b[3]) == 0xc2 && zero(b, 4, 14)
                && u(b[14]) == 0x02 && u(b[15]) == 0x54) {
            return AddressRange.METADATA; // fd00:ec2::254, AWS's metadata over IPv6
        }
        if (first == 0xff) {
            return AddressRange.MULTICAST;
        }
        if (first == 0xfe && (second & 0xc0) == 0x80) {
            return AddressRange.LINK_LOCAL; // fe80::/10
        }
        if (first == 0xfe && (second & 0xc0) == 0xc0) {
            return AddressRange.PRIVATE; // fec0::/10, the deprecated site-local range
        }
        if ((first & 0xfe) == 0xfc) {
            return AddressRange.UNIQUE_LOCAL; // fc00::/7
        }
        if ((first & 0xe0) != 0x20) {
            return AddressRange.RESERVED; // outside 2000::/3 nothing is allocated for global unicast
        }
        if ((first == 0x20 && second == 0x01 && (u(b[2]) & 0xfe) == 0) // 2001::/23, Teredo included
                || (first == 0x20 && second == 0x01 && u(b[2]) == 0x0d && u(b[3]) == 0xb8) // 2001:db8::/32
                || (first == 0x3f && second == 0xff && (u(b[2]) & 0xf0) == 0)) { // 3fff::/20
            return AddressRange.RESERVED;
        }
        return AddressRange.PUBLIC;
    }

    /** The IPv4 address an IPv6 address carries, or null. */
    private static int[] embeddedIpv4(byte[] b) {
        boolean mapped = zero(b, 0, 10) && u(b[10]) == 0xff && u(b[11]) == 0xff;
        boolean siit = zero(b, 0, 8) && u(b[8]) == 0xff && u(b[9]) == 0xff && zero(b, 10, 12);
        boolean compatible = zero(b, 0, 12);
        boolean nat64 = u(b[0]) == 0x00 && u(b[1]) == 0x64 && u(b[2]) == 0xff && u(b[3]) == 0x9b && zero(b, 4, 12);
        if (mapped || siit || compatible || nat64) {
            return new int[] {u(b[12]), u(b[13]), u(b[14]), u(b[15])};
        }
        if (u(b[0]) == 0x20 && u(b[1]) == 0x02) {
            return new int[] {u(b[2]), u(b[3]), u(b[4]), u(b[5])}; // 6to4: 2002:aabb:ccdd::/48
        }
        return null;
    }

    private static boolean zero(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static int u(byte b) {
        return b & 0xff;
    }
}
