/** A small blocking HTTP client over real sockets, for tests that talk to a running service. */
@NullMarked
package org.reservegrid.testkit.http;

import org.jspecify.annotations.NullMarked;
