package io.provtest.call.report;

import java.util.List;
import java.util.UUID;

/** The report of a provider call: {@code complete} once every call has ended, the verdict and the calls' details. */
public record ProviderCallReport(UUID providercallId, boolean complete, String verdict, List<Reason> reasons,
                                 List<CallReport> calls) {
}
