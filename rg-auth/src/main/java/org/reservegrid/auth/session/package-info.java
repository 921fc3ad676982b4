/** Login sessions: random tokens stored as hashes, expiry, revocation, CSRF tokens. */
@NullMarked
package org.reservegrid.auth.session;

import org.jspecify.annotations.NullMarked;
