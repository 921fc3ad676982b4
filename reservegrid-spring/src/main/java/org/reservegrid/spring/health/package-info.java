/**
 * {@code /health} and {@code /ready}, answered in one place for every service: each service contributes named
 * {@link org.reservegrid.spring.health.ReadinessCheck}s as beans, and the auto-configured
 * {@link org.reservegrid.spring.health.HealthController} answers both paths with the same JSON everywhere
 * (docs/architecture.md, "Health and readiness").
 */
@NullMarked
package org.reservegrid.spring.health;

import org.jspecify.annotations.NullMarked;
