package io.provtest.gateway.auth;

/** Permission bits as in the reference platform. */
public final class Permission {

    public static final int PROJECT_SUPER_ADMIN = 0x0001;
    /** Bits only a project super-admin may grant. */
    public static final int PROJECT_ALL = 0x000F;
    public static final int CUSTOMER_AGENT = 0x0010;
    public static final int CUSTOMER_ADMIN = 0x0020;
    public static final int CUSTOMER_MANAGER = 0x0040;
    public static final int CUSTOMER_ALL = 0x00F0;

    private Permission() {
    }

    /** The reference's PermissionAll; not a grantable value here (see {@link #invalidReason}). */
    public static final int ALL = 0xFFFF;

    public static boolean isValid(int bits) {
        return (bits & ~(PROJECT_ALL | CUSTOMER_ALL)) == 0;
    }

    /**
     * Why {@code bits} is refused. 0xFFFF ("all") is refused rather than narrowed to the known bits: an agent gets
     * exactly the bits it is given, and "all" would silently include super-admin.
     */
    public static String invalidReason(int bits) {
        String known = "combine 0x0001 ProjectSuperAdmin, 0x0010 CustomerAgent, 0x0020 CustomerAdmin, "
                + "0x0040 CustomerManager";
        if (bits == ALL) {
            return "0xFFFF (all permissions) is not granted: name the bits, " + known;
        }
        return String.format("unknown permission bits 0x%X: %s", bits & ~(PROJECT_ALL | CUSTOMER_ALL), known);
    }
}
