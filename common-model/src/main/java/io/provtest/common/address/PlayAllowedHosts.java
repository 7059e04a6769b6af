package io.provtest.common.address;

import io.smallrye.config.ConfigMapping;
import java.util.Optional;

/**
 * {@code PLAY_ALLOWED_HOSTS}: the operator's exceptions for play URLs (empty by default: no exception). Read by
 * flow-manager (at flow creation) and call-manager (when fetching, after every redirect).
 */
@ConfigMapping(prefix = "play")
public interface PlayAllowedHosts {

    Optional<String> allowedHosts();

    default AllowList allowList() {
        return AllowList.parse(allowedHosts().orElse(""));
    }
}
