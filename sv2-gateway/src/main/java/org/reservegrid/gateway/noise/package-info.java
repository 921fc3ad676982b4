@NullMarked
package org.reservegrid.gateway.noise;

import org.jspecify.annotations.NullMarked;
