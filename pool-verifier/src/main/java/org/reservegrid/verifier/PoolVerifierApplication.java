package org.reservegrid.verifier;

import org.reservegrid.spring.startup.ServiceApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * pool-verifier: judges candidate block templates against the operator's policy. Feature packages: {@code tcp}
 * (the verifier protocol server), {@code api} (HTTP), {@code evaluation} (policy in force, judging),
 * {@code policy} (the engine), {@code history}, {@code mempool}, {@code security}, {@code tls}, {@code config},
 * {@code health} (readiness checks), {@code metrics}.
 */
@SpringBootApplication(proxyBeanMethods = false)
public class PoolVerifierApplication {
    public static final String NAME = "pool-verifier";

    public static void main(String[] args) {
        ServiceApplication.main(NAME, application(), args);
    }

    /** The application as {@code main} runs it; tests start it the same way with their own properties. */
    public static SpringApplicationBuilder application() {
        return ServiceApplication.builder(NAME, PoolVerifierApplication.class);
    }
}
