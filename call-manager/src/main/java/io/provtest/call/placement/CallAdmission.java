package io.provtest.call.placement;

import io.provtest.call.call.CallLifecycle;
import io.provtest.call.call.CallWriter;
import io.provtest.call.engine.Admission;
import io.provtest.call.engine.CallConfig;
import io.provtest.call.engine.EngineExecutors;
import io.provtest.common.error.ApiError;
import io.provtest.common.error.ErrorStatus;
import io.provtest.common.error.ServiceException;
import jakarta.inject.Singleton;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * The gate in front of {@code POST /v1/calls}: measures the engine ({@link Admission.Load}) and refuses the whole
 * request at once, before anything is created, with {@code 503 SERVICE_BUSY} and a retry hint when it could not be
 * served on time. The RPC client passes such a refusal on instead of retrying it (the hint says when).
 */
@Singleton
public class CallAdmission {

    private static final Logger LOG = Logger.getLogger(CallAdmission.class);

    private final EngineExecutors executors;
    private final CallWriter writer;
    private final CallLifecycle lifecycle;
    private final CallConfig.AdmissionConfig config;
    private final Admission.Limits limits;
    private final AtomicLong refused = new AtomicLong();

    public CallAdmission(EngineExecutors executors, CallWriter writer, CallLifecycle lifecycle, CallConfig config) {
        this.executors = executors;
        this.writer = writer;
        this.lifecycle = lifecycle;
        this.config = config.admission();
        this.limits = new Admission.Limits(this.config.maxEngineLagMs(), this.config.maxWriteBacklog(),
                this.config.maxCallsSettingUp());
    }

    /** Throws the typed refusal when {@code calls} new calls could not be served on time now. */
    public void admit(int calls) {
        ApiError refusal = refusal(calls);
        if (refusal != null) {
            throw new ServiceException(refusal);
        }
    }

    /**
     * The refusal of one more call now, or null: asked by the RPC server on its consumer thread before a create
     * request waits for a worker ({@code RpcRouter#gatedBy}), so that a late engine says "busy" at once instead of
     * after seconds in its own queue. {@link #admit} asks again with the request's real size.
     */
    public ApiError refusalNow() {
        return refusal(1);
    }

    private ApiError refusal(int calls) {
        Admission.Load load = new Admission.Load(executors.lagMs(), writer.backlog(),
                lifecycle.callsSettingUp() + calls - 1);
        String why = Admission.refusal(load, limits);
        if (why == null) {
            return null;
        }
        if (refused.getAndIncrement() % 1_000 == 0) {
            LOG.warnf("refusing new calls: %s (%d refused so far)", why, refused.get());
        }
        return ApiError.retryLater(ErrorStatus.UNAVAILABLE, "SERVICE_BUSY",
                "No call was placed: " + why + ". Retry after " + config.retryAfterSeconds() + " s.",
                config.retryAfterSeconds());
    }

    /** Requests refused since start, for the health details. */
    public long refused() {
        return refused.get();
    }
}
