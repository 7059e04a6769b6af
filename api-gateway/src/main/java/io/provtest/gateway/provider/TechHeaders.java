package io.provtest.gateway.provider;

import io.provtest.common.sip.SipHeaders;
import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Extra SIP headers a provider adds to every INVITE: at most {@link #MAX} of them, each name an RFC 3261 token that
 * is not a core or reserved header (compact forms included) and named once without regard to case, each value free
 * of control characters and at most {@link SipHeaders#MAX_VALUE_LENGTH} characters ({@link SipHeaders}). Each
 * problem is reported on its own, naming the header.
 */
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT})
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = TechHeaders.Check.class)
public @interface TechHeaders {

    int MAX = 20;

    String message() default "invalid SIP header";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Check implements ConstraintValidator<TechHeaders, Map<String, String>> {
        @Override
        public boolean isValid(Map<String, String> headers, ConstraintValidatorContext context) {
            if (headers == null) {
                return true;
            }
            context.disableDefaultConstraintViolation();
            boolean valid = true;
            if (headers.size() > MAX) {
                context.buildConstraintViolationWithTemplate("must have at most " + MAX + " entries")
                        .addConstraintViolation();
                valid = false;
            }
            Set<String> seen = new HashSet<>();
            for (Map.Entry<String, String> header : headers.entrySet()) {
                String problem = problem(header.getKey(), header.getValue(), seen);
                if (problem != null) {
                    // the header name is the client's own text: never let it act as a message expression
                    context.buildConstraintViolationWithTemplate(escape(header.getKey() + ": " + problem))
                            .addConstraintViolation();
                    valid = false;
                }
            }
            return valid;
        }

        static String problem(String name, String value, Set<String> seen) {
            if (!SipHeaders.isToken(name)) {
                return "header name must be an RFC 3261 token of 1 to " + SipHeaders.MAX_NAME_LENGTH + " characters";
            }
            if (SipHeaders.isReserved(name)) {
                return "header name is reserved";
            }
            if (!seen.add(name.toLowerCase(Locale.ROOT))) {
                return "header name repeats another one (names are case-insensitive)";
            }
            return value == null ? "value must be a string" : SipHeaders.valueProblem(value);
        }

        private static String escape(String text) {
            return text.replace("\\", "\\\\").replace("{", "\\{").replace("}", "\\}").replace("$", "\\$");
        }
    }
}
