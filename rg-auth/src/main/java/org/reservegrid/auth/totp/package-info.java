/** Two-factor login with TOTP (RFC 6238) and single-use recovery codes. */
@NullMarked
package org.reservegrid.auth.totp;

import org.jspecify.annotations.NullMarked;
