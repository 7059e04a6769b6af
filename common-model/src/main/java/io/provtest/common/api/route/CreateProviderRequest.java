package io.provtest.common.api.route;

/** {@code POST /v1/providers} with the fields a plain SIP carrier needs; route-manager fills the defaults. */
public record CreateProviderRequest(String type, String hostname, String name) {
}
