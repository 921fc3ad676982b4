/** The JSON error shape of every service's HTTP API and the WebFlux handler that applies it to all failures. */
@NullMarked
package org.reservegrid.spring.api;

import org.jspecify.annotations.NullMarked;
