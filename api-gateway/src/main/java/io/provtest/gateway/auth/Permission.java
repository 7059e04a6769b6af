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

    public static boolean isValid(int bits) {
        return (bits & ~(PROJECT_ALL | CUSTOMER_ALL)) == 0;
    }
}
