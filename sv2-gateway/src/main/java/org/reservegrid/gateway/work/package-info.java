@NullMarked
package org.reservegrid.gateway.work;

import org.jspecify.annotations.NullMarked;
