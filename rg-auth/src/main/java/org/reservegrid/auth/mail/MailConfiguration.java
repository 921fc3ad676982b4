package org.reservegrid.auth.mail;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.reservegrid.auth.config.AuthSettings;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** SMTP when {@code VELDRA_AUTH_SMTP_HOST} is set, else the stdout stub; one worker sends the outbox. */
@Configuration(proxyBeanMethods = false)
public class MailConfiguration {

    @Bean
    OutboxWorker outboxWorker(Outbox outbox, AuthSettings settings, Clock clock, MeterRegistry registry) {
        MailTransport transport =
                settings.smtp().<MailTransport>map(SmtpTransport::new).orElseGet(() -> new StdoutTransport(System.out));
        return new OutboxWorker(outbox, transport, clock, registry);
    }
}
