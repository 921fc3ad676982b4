/**
 * How a service starts ({@link org.reservegrid.spring.startup.ServiceApplication}) and how start-up failures are
 * reported: Boot failure analyzers for bad {@code VELDRA_*} values and taken ports, and the one-line exit for
 * configuration errors.
 */
@NullMarked
package org.reservegrid.spring.startup;

import org.jspecify.annotations.NullMarked;
