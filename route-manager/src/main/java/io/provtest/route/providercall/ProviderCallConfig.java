package io.provtest.route.providercall;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The reconciliation of pending provider calls (PROVIDERCALL_RECONCILE_INTERVAL, …). */
@ConfigMapping(prefix = "providercall")
public interface ProviderCallConfig {

    /** How often each replica looks at stale pending records (0 = never; the component tests call it themselves). */
    @WithDefault("30s")
    Duration reconcileInterval();

    /**
     * A record pending this long is no longer being placed by a live request: the reconciliation asks call-manager
     * what became of it, in its rounds and when the client sends the record's Idempotency-Key again. Every request
     * the orchestration sends carries the gateway's deadline ({@code GATEWAY_RPC_TIMEOUT}, 15 s, from before the
     * record was written), nothing is sent after it and a service drops a request it takes after it; so this must
     * exceed the gateway's timeout, with room for the hosts' clocks (the default is twice it).
     */
    @WithDefault("30s")
    Duration stalePending();

    /** call-manager still serving the request this long after: the instance placing it died; settled failed. */
    @WithDefault("10m")
    Duration staleServing();

    /**
     * Whether the calls and groupcalls of a provider call carry its id ({@code metadata.providercall_id}), so a
     * settle asks call-manager for the report only when a hang-up came while the record was pending
     * ({@code ReportReadiness#looksAfterSettle}), and a hang-up that names no provider call is not looked up (a
     * record settled untagged is swept instead). False (PROVIDERCALL_TAG_CALLS=false) while upgrading from a release
     * without it: an older call-manager refuses the key (400), and an older route-manager replica that takes a
     * hang-up of a pending record does not mark it; untagged, every settle looks and every hang-up is looked up by its
     * call's id, as before.
     */
    @WithDefault("true")
    boolean tagCalls();

    /**
     * Whether a provider call's inline actions travel with its create-calls request, the temporary flow made by its
     * first call's activeflow in flow-manager ({@code flow_actions}), instead of route-manager asking flow-manager
     * for the flow first: a flow-manager request, a transaction and a wait fewer per provider call. False
     * (PROVIDERCALL_FLOW_WITH_CALLS=false) while upgrading from a release without it: an older call-manager ignores
     * {@code flow_actions} and an older flow-manager {@code temporary_flow}, so the calls would find no flow.
     */
    @WithDefault("true")
    boolean flowWithCalls();

    /**
     * Threads that announce reports (hang-ups, looks after a settle, the sweeps). One announcement waits on a lookup,
     * call-manager's report and a confirmed publish: one thread kept up with about 44 hang-ups a second under load,
     * so at 100-150 provider calls/s the hang-ups queued for minutes (bench/README.md, "The reports kept up with").
     * Concurrent announcements are safe as a second replica's are: the conditional update of {@code tm_report_ready}
     * lets one of them through.
     */
    @WithDefault("4")
    int reportThreads();
}
