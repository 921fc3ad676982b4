package org.reservegrid.feedserver.health;

import java.time.Duration;
import org.reservegrid.feedserver.broadcast.Broadcaster;
import org.reservegrid.feedserver.config.FeedServerSettings;
import org.reservegrid.feedserver.upstream.UpstreamStatus;
import org.reservegrid.spring.health.CheckResult;
import org.reservegrid.spring.health.ReadinessCheck;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Ready while the upstream answers and its last frame is younger than {@code VELDRA_FEED_SERVER_READY_MAX_AGE_SECS}:
 * reasons {@code no_frame_yet}, {@code upstream_down} (the last call or connection failed), {@code upstream_stale}.
 */
@Configuration(proxyBeanMethods = false)
class ReadinessChecks {

    @Bean
    ReadinessCheck upstreamCheck(UpstreamStatus status, Broadcaster broadcaster, FeedServerSettings settings) {
        return ReadinessCheck.of("upstream", () -> {
            Duration age = status.sinceLastFrame();
            CheckResult result;
            if (!status.up()) {
                result = CheckResult.down(
                        "upstream_down", age == null ? "no answer from the upstream yet" : "upstream unavailable");
            } else if (age == null) {
                result = CheckResult.down("no_frame_yet", "waiting for the first frame");
            } else if (age.compareTo(settings.readyMaxAge()) > 0) {
                result = CheckResult.down("upstream_stale", "no frame for " + age.toSeconds() + " s");
            } else {
                result = CheckResult.up("relaying height " + status.lastHeight());
            }
            return result.with("kind", status.kind())
                    .with("url", status.url())
                    .with("last_frame_age_seconds", age == null ? null : age.toMillis() / 1000.0)
                    .with("last_error", status.lastError())
                    .with("height", status.lastHeight() == 0 ? null : status.lastHeight())
                    .with("subscribers", broadcaster.subscriberCount());
        });
    }
}
