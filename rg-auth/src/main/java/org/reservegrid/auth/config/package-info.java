/** Settings read from VELDRA_* variables, the clock and where the server binds. */
@NullMarked
package org.reservegrid.auth.config;

import org.jspecify.annotations.NullMarked;
