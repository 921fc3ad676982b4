/** Single-use email tokens (verification, reset) and the random-token helpers. */
@NullMarked
package org.reservegrid.auth.token;

import org.jspecify.annotations.NullMarked;
