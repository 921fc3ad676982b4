/** The verifier's HTTP API (Spring WebFlux): health, metrics, stats, verdict history, policy, dry-run evaluation. */
@NullMarked
package org.reservegrid.verifier.api;

import org.jspecify.annotations.NullMarked;
