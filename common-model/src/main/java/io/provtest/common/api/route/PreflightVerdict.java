package io.provtest.common.api.route;

import io.provtest.common.model.Address;
import io.provtest.common.model.DestinationOutcome;
import java.util.List;

/** The pre-flight's answer: one outcome per destination (an {@code error} when refused) and the source to dial with. */
public record PreflightVerdict(List<DestinationOutcome> outcomes, Address source) {
}
