package org.reservegrid.auth.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/**
 * Counters the flows move. Gauges (live sessions, queued emails) and rate-limit counters are registered where the
 * state lives. All names start {@code rg_auth_}; docs/rg-auth.md lists them.
 */
@Component
public class AuthMetrics {
    private final MeterRegistry registry;

    public AuthMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** A registration request, {@code new} or {@code existing} address (never exposed per request to callers). */
    public void registration(String kind) {
        registry.counter("rg_auth_registrations_total", "kind", kind).increment();
    }

    /** A login attempt by outcome: ok, invalid_credentials, refused, throttled, two_factor_required, two_factor_failed. */
    public void login(String outcome) {
        registry.counter("rg_auth_logins_total", "outcome", outcome).increment();
    }

    /** A security event written to the audit log. */
    public void audit(String event) {
        registry.counter("rg_auth_audit_events_total", "event", event).increment();
    }
}
