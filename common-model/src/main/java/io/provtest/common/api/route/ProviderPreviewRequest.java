package io.provtest.common.api.route;

import io.provtest.common.model.Address;

/**
 * {@code POST /v1/providers/{id}/preview}: what the INVITE is rendered for. route-manager checks the addresses as for
 * a call and {@code anonymous} (yes, no or auto).
 */
public record ProviderPreviewRequest(Address destination, Address source, String anonymous) {
}
