package io.provtest.call.sip;

import io.provtest.call.media.RtpEngine;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Not ready until the SIP stack listens and the media engine runs: a call placed before would fail. */
@Readiness
@Singleton
public class EngineHealthCheck implements HealthCheck {

    private final SipEndpoint sip;
    private final RtpEngine rtp;

    public EngineHealthCheck(SipEndpoint sip, RtpEngine rtp) {
        this.sip = sip;
        this.rtp = rtp;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("sip-and-media").status(sip.started() && rtp.started())
                .withData("sip", sip.started()).withData("media", rtp.started()).build();
    }
}
