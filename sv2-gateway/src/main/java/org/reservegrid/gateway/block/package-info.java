@NullMarked
package org.reservegrid.gateway.block;

import org.jspecify.annotations.NullMarked;
