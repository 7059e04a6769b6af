package io.provtest.common.address;

/** What kind of network an IP address belongs to; only {@link #PUBLIC} is contacted on a customer's behalf. */
public enum AddressRange {
    PUBLIC("a public address"),
    LOOPBACK("a loopback address"),
    PRIVATE("a private address"),
    SHARED("a carrier-grade NAT (shared) address"),
    LINK_LOCAL("a link-local address"),
    MULTICAST("a multicast or broadcast address"),
    UNSPECIFIED("an unspecified address"),
    METADATA("a cloud metadata address"),
    UNIQUE_LOCAL("an IPv6 unique-local address"),
    RESERVED("a reserved, documentation or unallocated address"),
    /** One of the addresses of the machine the platform runs on: its own ports must not be dialed back. */
    SELF("an address of this platform itself");

    private final String description;

    AddressRange(String description) {
        this.description = description;
    }

    /** For messages: "a private address". */
    public String description() {
        return description;
    }
}
