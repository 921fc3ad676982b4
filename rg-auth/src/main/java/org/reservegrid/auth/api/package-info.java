/** The HTTP API: JSON requests and responses, the caller's session, CSRF and rate-limit filters. */
@NullMarked
package org.reservegrid.auth.api;

import org.jspecify.annotations.NullMarked;
