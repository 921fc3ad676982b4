/**
 * The template policy: the {@link org.reservegrid.verifier.policy.Policy} values, their TOML form
 * ({@link org.reservegrid.verifier.policy.PolicyParser}) and the pure evaluation of a template against them
 * ({@link org.reservegrid.verifier.policy.PolicyEvaluator}). Nothing here does I/O or depends on Spring.
 */
@NullMarked
package org.reservegrid.verifier.policy;

import org.jspecify.annotations.NullMarked;
