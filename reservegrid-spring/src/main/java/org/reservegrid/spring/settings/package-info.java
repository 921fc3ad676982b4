/** The {@code VELDRA_*} variables as every service reads them: from Spring's environment, into reservegrid-common's {@link org.reservegrid.common.config.EnvConfig}. */
@NullMarked
package org.reservegrid.spring.settings;

import org.jspecify.annotations.NullMarked;
