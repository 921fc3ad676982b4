package org.reservegrid.spring.startup;

import org.jspecify.annotations.Nullable;
import org.springframework.core.env.Environment;

/** The name start-up reports use for the service: its {@code spring.application.name}. */
final class ServiceName {
    private ServiceName() {}

    static String of(@Nullable Environment environment) {
        String name = environment == null ? null : environment.getProperty("spring.application.name");
        return name == null || name.isBlank() ? "the service" : name;
    }
}
