package io.provtest.gateway.webhook;

import io.provtest.common.address.AddressRules;
import io.provtest.common.address.AllowList;
import io.provtest.common.address.PlayUrl;
import io.provtest.common.error.Validation;
import java.util.Locale;
import java.util.Set;

/**
 * A customer's webhook: where events go and with which method. The URI follows the rules of a play URL (http or
 * https, a plain host, no user information, at most 2048 characters; common-model {@link PlayUrl}) and the address
 * rules: a host written as a refused address literal is refused here, a name is judged when it is resolved before
 * each attempt. {@code ""} means no webhook.
 */
public record WebhookTarget(String uri, String method) {

    public static final String DEFAULT_METHOD = "POST";
    /** Methods that carry a body (the event). */
    static final Set<String> METHODS = Set.of("POST", "PUT");
    public static final String ALLOW_SETTING = "WEBHOOK_ALLOWED_HOSTS";

    public static final WebhookTarget NONE = new WebhookTarget("", DEFAULT_METHOD);

    public boolean enabled() {
        return !uri.isEmpty();
    }

    /**
     * The target after a change: a null field keeps {@code current}'s value, {@code webhook_uri: ""} removes the
     * webhook. Violations go into {@code v} under {@code webhook_uri} / {@code webhook_method}; the address rules'
     * refusal is reported by {@link #refusedLiteral}, since it has its own reason.
     */
    public static WebhookTarget merge(Validation v, WebhookTarget current, String uri, String method) {
        String newUri = uri == null ? current.uri() : uri.trim();
        String newMethod = method == null ? current.method() : method.trim().toUpperCase(Locale.ROOT);
        if (newMethod.isEmpty()) {
            newMethod = DEFAULT_METHOD;
        }
        if (!METHODS.contains(newMethod)) {
            v.reject("webhook_method", "must be POST or PUT");
        }
        if (!newUri.isEmpty()) {
            try {
                PlayUrl.parse(newUri);
            } catch (IllegalArgumentException e) {
                v.reject("webhook_uri", e.getMessage());
            }
        }
        return new WebhookTarget(newUri, newMethod);
    }

    /** Why the URI's host, an address literal, may not be contacted; null when it may (or is a name). */
    public String refusedLiteral(AllowList allowed) {
        if (uri.isEmpty()) {
            return null;
        }
        PlayUrl url;
        try {
            url = PlayUrl.parse(uri);
        } catch (IllegalArgumentException e) {
            return null; // reported by merge
        }
        AddressRules.Verdict verdict = AddressRules.literal(url.host(), url.port(), allowed);
        return verdict.allowed() ? null : AddressRules.literalMessage(url.host(), verdict, ALLOW_SETTING);
    }
}
