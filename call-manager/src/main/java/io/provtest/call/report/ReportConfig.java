package io.provtest.call.report;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Thresholds of the test-call report's warnings (they add a reason, never change a verdict). Defaults follow the
 * anchors collected for issue 19: Twilio's high_packet_loss (more than 5 %) and high_jitter (30 ms), and about 7 s of
 * post-dial delay as an absolute cap.
 */
@ConfigMapping(prefix = "report")
public interface ReportConfig {

    @WithDefault("5.0")
    double highLossPercent();

    @WithDefault("30.0")
    double highJitterMs();

    @WithDefault("7000")
    long highPostDialDelayMs();
}
