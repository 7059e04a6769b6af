package io.provtest.gateway.number;

import jakarta.ws.rs.NameBinding;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Name bindings of {@link OwnershipFilters}: the caller's right to the resource the path names is judged by a request
 * filter, before the body is read and typed, so that a caller with no right to it gets 403 whatever it sends
 * (authorise before parsing) while the resource method still takes a typed body.
 */
public final class AuthorisedBeforeBody {

    private AuthorisedBeforeBody() {
    }

    /** The path's {@code id} is a number the caller may change (its own customer's, or any for a super-admin). */
    @NameBinding
    @Target({ElementType.METHOD, ElementType.TYPE})
    @Retention(RetentionPolicy.RUNTIME)
    public @interface NumberOwner {
    }

    /** The path's {@code id} is a customer the caller administers (a super-admin: one that exists). */
    @NameBinding
    @Target({ElementType.METHOD, ElementType.TYPE})
    @Retention(RetentionPolicy.RUNTIME)
    public @interface CustomerAdmin {
    }
}
