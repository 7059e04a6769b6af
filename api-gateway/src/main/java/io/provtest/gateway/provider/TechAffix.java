package io.provtest.gateway.provider;

import io.provtest.common.sip.SipUserPart;
import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A tech prefix or postfix: it is written into the Request-URI's user part, so only characters that cannot end
 * the user part or start a parameter or a header are allowed ({@link SipUserPart#isSafeTechAffix}).
 */
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT})
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = TechAffix.Check.class)
public @interface TechAffix {

    String message() default "may contain only ASCII letters, digits and + * # - . _, at most "
            + SipUserPart.MAX_TECH_AFFIX_LENGTH + " characters";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Check implements ConstraintValidator<TechAffix, String> {
        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            return SipUserPart.isSafeTechAffix(value);
        }
    }
}
