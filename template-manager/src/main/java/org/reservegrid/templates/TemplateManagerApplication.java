package org.reservegrid.templates;

import org.reservegrid.spring.startup.ServiceApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * template-manager: fetches block templates from the node, has them judged by the verifier and streams them to the
 * gateway. Configuration comes only from {@code VELDRA_*} variables ({@link TemplateManagerSettings}, read by
 * {@link SettingsConfiguration}); a bad value ends the process with one line naming the variable and exit code 2.
 */
@SpringBootApplication(proxyBeanMethods = false)
public class TemplateManagerApplication {
    public static final String NAME = "template-manager";

    public static void main(String[] args) {
        ServiceApplication.main(NAME, application(), args);
    }

    /** The application as {@code main} runs it; tests start it the same way with their own properties. */
    public static SpringApplicationBuilder application() {
        return ServiceApplication.builder(NAME, TemplateManagerApplication.class);
    }
}
