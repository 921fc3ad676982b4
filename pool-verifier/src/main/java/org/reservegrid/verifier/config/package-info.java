/** Start-up configuration: the {@code VELDRA_*} variables, their validation and the logging set-up. */
@NullMarked
package org.reservegrid.verifier.config;

import org.jspecify.annotations.NullMarked;
