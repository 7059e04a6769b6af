package io.provtest.call.sip;

import io.provtest.call.media.RtpEngine;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Not ready until the SIP stack listens and the media engine runs (a call placed before would fail), and the SIP
 * path's warm-up is over (a call placed before would meet cold code: SipWarmup).
 */
@Readiness
@Singleton
public class EngineHealthCheck implements HealthCheck {

    private final SipEndpoint sip;
    private final RtpEngine rtp;
    private final SipWarmup warmup;

    public EngineHealthCheck(SipEndpoint sip, RtpEngine rtp, SipWarmup warmup) {
        this.sip = sip;
        this.rtp = rtp;
        this.warmup = warmup;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("sip-and-media").status(sip.started() && rtp.started() && warmup.done())
                .withData("sip", sip.started()).withData("media", rtp.started()).withData("warmed-up", warmup.done())
                .build();
    }
}
