package org.reservegrid.dashboard.config;

import io.netty.channel.ChannelOption;
import java.time.Clock;
import org.reservegrid.spring.bind.HttpBind;
import org.reservegrid.spring.settings.VeldraEnvironment;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.netty.http.client.HttpClient;

/**
 * rg-dashboard's settings from the {@code VELDRA_*} variables of Spring's environment, where its server binds, and
 * the one HTTP client the proxy and the readiness probe share.
 */
@Configuration(proxyBeanMethods = false)
public class SettingsConfiguration {

    @Bean
    DashboardSettings dashboardSettings(Environment environment) {
        return DashboardSettings.from(VeldraEnvironment.read(environment));
    }

    @Bean
    HttpBind httpBind(DashboardSettings settings) {
        return new HttpBind(DashboardSettings.BIND, settings.bindAddress(), settings.port());
    }

    /** The wall clock; a bean so tests could move it. */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    /**
     * No compression (bodies pass through byte for byte) and no redirects followed (the browser sees them); a
     * connection that cannot be opened in 5 s counts as the backend being down.
     */
    @Bean
    WebClient backendClient() {
        HttpClient http = HttpClient.create()
                .compress(false)
                .followRedirect(false)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 5_000);
        return WebClient.builder()
                .clientConnector(new ReactorClientHttpConnector(http))
                .build();
    }
}
