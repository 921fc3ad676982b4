package org.reservegrid.demofeed.health;

import java.time.Duration;
import org.reservegrid.demofeed.simulation.SimulatedFrame;
import org.reservegrid.demofeed.stream.FrameClock;
import org.reservegrid.demofeed.ws.FeedWebSocketHandler;
import org.reservegrid.spring.health.CheckResult;
import org.reservegrid.spring.health.ReadinessCheck;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Ready once the first frame is out, and not after the simulation failed. The check carries the feed's state
 * ({@code STARTING}, {@code UP}, {@code FAILED}), scenario, seed, open connections and the latest frame.
 */
@Configuration(proxyBeanMethods = false)
class ReadinessChecks {

    @Bean
    ReadinessCheck feedCheck(FrameClock clock, FeedWebSocketHandler handler) {
        return ReadinessCheck.of("feed", () -> {
            SimulatedFrame latest = clock.latest();
            boolean failed = clock.failure() != null;
            CheckResult result;
            if (failed) {
                result = CheckResult.down("simulation_failed", "simulation failed; see the log");
            } else if (latest == null) {
                result = CheckResult.down("no_frame_yet", "waiting for the first frame");
            } else {
                result = CheckResult.up("frame " + latest.seq() + " is out");
            }
            Duration age = clock.sinceLatest();
            return result.with("state", failed ? "FAILED" : latest != null ? "UP" : "STARTING")
                    .with("scenario", clock.settings().scenario().id())
                    .with("seed", clock.settings().seed())
                    .with("connections", handler.openSessions())
                    .with("seq", latest == null ? null : latest.seq())
                    .with("height", latest == null ? null : latest.summary().height())
                    .with(
                            "transactions",
                            latest == null ? null : latest.summary().transactionCount())
                    .with("last_frame_age_seconds", latest == null || age == null ? null : age.toMillis() / 1000.0);
        });
    }
}
