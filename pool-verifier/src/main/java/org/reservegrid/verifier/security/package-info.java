/** Bearer-token protection of the verifier's state-changing and bulk endpoints, with loopback bypass. */
@NullMarked
package org.reservegrid.verifier.security;

import org.jspecify.annotations.NullMarked;
