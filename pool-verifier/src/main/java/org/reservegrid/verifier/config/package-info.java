/** Start-up configuration: the {@code VELDRA_*} variables and their validation (logging is reservegrid-spring's). */
@NullMarked
package org.reservegrid.verifier.config;

import org.jspecify.annotations.NullMarked;
