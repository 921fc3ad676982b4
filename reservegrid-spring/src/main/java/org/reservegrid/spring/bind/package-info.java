/**
 * Where every service's HTTP server listens: the service names its address and port in an
 * {@link org.reservegrid.spring.bind.HttpBind} bean, and one auto-configured customizer checks the address with
 * reservegrid-common's {@link org.reservegrid.common.net.BindGuard} and applies both.
 */
@NullMarked
package org.reservegrid.spring.bind;

import org.jspecify.annotations.NullMarked;
