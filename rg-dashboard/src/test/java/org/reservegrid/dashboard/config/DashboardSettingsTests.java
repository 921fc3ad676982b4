package org.reservegrid.dashboard.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.reservegrid.common.config.ConfigException;
import org.reservegrid.common.config.EnvConfig;

class DashboardSettingsTests {

    @Test
    void defaultsAreTheLocalStack() {
        DashboardSettings settings = DashboardSettings.from(new EnvConfig(Map.of()));

        assertTrue(settings.bindAddress().isLoopbackAddress());
        assertEquals(8084, settings.port());
        assertEquals(URI.create("http://127.0.0.1:3030"), settings.authUrl());
        assertEquals(URI.create("http://127.0.0.1:8081"), settings.verifierUrl());
        assertEquals(URI.create("http://127.0.0.1:8082"), settings.templateManagerUrl());
        assertEquals(URI.create("http://127.0.0.1:8080"), settings.gatewayUrl());
        assertTrue(settings.apiSecret().isEmpty());
        assertEquals(Duration.ofSeconds(10), settings.backendTimeout());
    }

    @Test
    void aTrailingSlashIsDroppedAndTheSecretIsKept() {
        DashboardSettings settings = DashboardSettings.from(new EnvConfig(Map.of(
                DashboardSettings.VERIFIER_URL, "http://verifier.internal:9000/",
                DashboardSettings.API_SECRET, "s3cret")));

        assertEquals(URI.create("http://verifier.internal:9000"), settings.verifierUrl());
        assertEquals("s3cret", settings.apiSecret().orElseThrow().reveal());
    }

    @Test
    void badValuesNameTheirVariable() {
        Map<String, String> bad = Map.of(
                DashboardSettings.AUTH_URL, "ftp://127.0.0.1:3030",
                DashboardSettings.GATEWAY_URL, "http://127.0.0.1:8080?x=1",
                DashboardSettings.TEMPLATE_MANAGER_URL, "not a url",
                DashboardSettings.BACKEND_TIMEOUT_SECS, "0",
                DashboardSettings.BIND, "0.0.0.0",
                DashboardSettings.PORT, "70000");
        bad.forEach((name, value) -> {
            ConfigException failure = assertThrows(
                    ConfigException.class, () -> DashboardSettings.from(new EnvConfig(Map.of(name, value))));
            assertTrue(failure.getMessage().contains(name), failure.getMessage());
        });
    }
}
