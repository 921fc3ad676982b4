package org.reservegrid.verifier;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * pool-verifier: judges candidate block templates against the operator's policy. Feature packages: {@code tcp}
 * (the verifier protocol server), {@code api} (HTTP), {@code evaluation} (policy in force, judging),
 * {@code policy} (the engine), {@code history}, {@code mempool}, {@code security}, {@code tls}, {@code config},
 * {@code metrics}.
 */
@SpringBootApplication
public class PoolVerifierApplication {
    public static void main(String[] args) {
        SpringApplication.run(PoolVerifierApplication.class, args);
    }
}
