package org.reservegrid.auth;

import org.reservegrid.spring.startup.ServiceApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * rg-auth: registration, email verification, admin approval, sessions and password reset for the operator
 * dashboard, on {@code VELDRA_AUTH_PORT} (3030). See docs/rg-auth.md.
 */
@SpringBootApplication(proxyBeanMethods = false)
public class AuthApplication {
    public static final String NAME = "rg-auth";

    public static void main(String[] args) {
        ServiceApplication.main(NAME, application(), args);
    }

    /** The application as {@code main} runs it; tests start it the same way with their own arguments. */
    public static SpringApplicationBuilder application() {
        return ServiceApplication.builder(NAME, AuthApplication.class);
    }
}
