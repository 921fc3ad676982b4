/**
 * template-manager's readiness checks ({@code node}, {@code verifier}); reservegrid-spring answers {@code /health}
 * and {@code /ready} from them.
 */
@NullMarked
package org.reservegrid.templates.health;

import org.jspecify.annotations.NullMarked;
