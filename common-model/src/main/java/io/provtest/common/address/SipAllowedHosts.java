package io.provtest.common.address;

import io.smallrye.config.ConfigMapping;
import java.util.Optional;

/**
 * {@code SIP_ALLOWED_HOSTS}: the operator's exceptions for sip destinations and agent addresses (empty by default:
 * no exception). Read by the gateway (agent addresses) and call-manager (destinations, before dialing).
 */
@ConfigMapping(prefix = "sip")
public interface SipAllowedHosts {

    Optional<String> allowedHosts();

    default AllowList allowList() {
        return AllowList.parse(allowedHosts().orElse(""));
    }
}
