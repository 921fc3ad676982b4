/** {@code VELDRA_LOG_FORMAT} and {@code VELDRA_LOG_FILTER} applied to Spring Boot's logging in every service. */
@NullMarked
package org.reservegrid.spring.logging;

import org.jspecify.annotations.NullMarked;
