package org.reservegrid.feedadapter.health;

import org.reservegrid.feedadapter.upstream.FeedConnection;
import org.reservegrid.feedadapter.upstream.FeedSnapshot;
import org.reservegrid.feedadapter.upstream.FeedState;
import org.reservegrid.spring.health.CheckResult;
import org.reservegrid.spring.health.ReadinessCheck;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Ready only while getblocktemplate can be served: a template is known and the feed is connected or within its
 * disconnect grace. The check carries the upstream feed's state.
 */
@Configuration(proxyBeanMethods = false)
class ReadinessChecks {

    @Bean
    ReadinessCheck upstreamCheck(FeedState state, FeedConnection connection) {
        String feedUrl = connection.url();
        return ReadinessCheck.of("upstream", () -> {
            FeedSnapshot usable = state.usable();
            CheckResult result = usable != null
                    ? CheckResult.up("serving the template at height " + usable.height())
                    : CheckResult.down("feed_unavailable", state.unavailableReason());
            double age = state.lastFrameAgeSeconds();
            FeedSnapshot latest = state.latest();
            return result.with("url", feedUrl)
                    .with("connected", state.connected())
                    .with("last_frame_age_seconds", Double.isNaN(age) ? null : Math.round(age * 1000) / 1000.0)
                    .with("reconnects", state.reconnects())
                    .with("frames", state.frames())
                    .with("frames_rejected", state.rejected())
                    .with("last_seq", latest == null ? null : latest.seq())
                    .with("height", latest == null ? null : latest.height())
                    .with("last_error", state.lastError());
        });
    }
}
