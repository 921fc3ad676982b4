/** TLS for the TCP and HTTP servers: PEM files or a generated self-signed certificate. */
@NullMarked
package org.reservegrid.verifier.tls;

import org.jspecify.annotations.NullMarked;
