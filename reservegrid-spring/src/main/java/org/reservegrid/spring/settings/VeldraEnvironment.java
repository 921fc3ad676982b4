package org.reservegrid.spring.settings;

import java.util.HashMap;
import java.util.Map;
import org.reservegrid.common.config.EnvConfig;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.Environment;
import org.springframework.core.env.PropertySource;

/**
 * Every {@code VELDRA_*} value Spring's environment holds, as an {@link EnvConfig}. Reading through the environment
 * instead of {@link System#getenv()} lets the process environment, {@code --VELDRA_X=...} arguments and the
 * properties a test passes be seen alike, with Spring's precedence among them. Each service's settings bean is
 * {@code XSettings.from(VeldraEnvironment.read(environment))}.
 */
public final class VeldraEnvironment {
    public static final String PREFIX = "VELDRA_";

    private VeldraEnvironment() {}

    public static EnvConfig read(Environment environment) {
        Map<String, String> values = new HashMap<>();
        if (environment instanceof ConfigurableEnvironment configurable) {
            for (PropertySource<?> source : configurable.getPropertySources()) {
                if (source instanceof EnumerablePropertySource<?> enumerable) {
                    for (String name : enumerable.getPropertyNames()) {
                        if (name.startsWith(PREFIX) && !values.containsKey(name)) {
                            String value = environment.getProperty(name);
                            if (value != null) {
                                values.put(name, value);
                            }
                        }
                    }
                }
            }
        }
        return new EnvConfig(values);
    }
}
