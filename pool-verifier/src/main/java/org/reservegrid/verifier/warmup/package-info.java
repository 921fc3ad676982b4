/**
 * Start-up warm-up: the conversion, frame and evaluation paths judged on a bundled template until the JIT has
 * compiled them, before the verifier reports itself ready, so the first real templates are judged as fast as later
 * ones.
 */
@NullMarked
package org.reservegrid.verifier.warmup;

import org.jspecify.annotations.NullMarked;
