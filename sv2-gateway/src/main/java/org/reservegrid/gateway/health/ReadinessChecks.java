package org.reservegrid.gateway.health;

import org.reservegrid.gateway.sharelog.ShareLog;
import org.reservegrid.gateway.template.TemplateStreamClient;
import org.reservegrid.gateway.work.WorkPipeline;
import org.reservegrid.spring.health.CheckResult;
import org.reservegrid.spring.health.ReadinessCheck;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Not ready until the first template arrived from the stream, nor while the share log writer has failed. */
@Configuration(proxyBeanMethods = false)
class ReadinessChecks {

    @Bean
    ReadinessCheck templateCheck(WorkPipeline pipeline, TemplateStreamClient stream) {
        return ReadinessCheck.of("template", () -> {
            long received = pipeline.templatesReceived();
            String problem = stream.problem();
            CheckResult result = received > 0
                    ? CheckResult.up(received + " templates received")
                    : CheckResult.down("no_template_yet", problem == null ? "waiting for the first template" : problem);
            return result.with("stream_connected", stream.connected()).with("templates_received", received);
        });
    }

    @Bean
    ReadinessCheck shareLogCheck(ShareLog shareLog) {
        return ReadinessCheck.of("share_log", () -> {
            String failure = shareLog.failure();
            return failure == null
                    ? CheckResult.up("share log writing to " + shareLog.directory())
                    : CheckResult.down("share_log_failed", failure);
        });
    }
}
