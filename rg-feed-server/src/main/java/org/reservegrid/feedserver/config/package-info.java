/** Settings from VELDRA_* variables, the bind and TLS of the HTTP server. */
@NullMarked
package org.reservegrid.feedserver.config;

import org.jspecify.annotations.NullMarked;
