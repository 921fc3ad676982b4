@NullMarked
package org.reservegrid.protocol;

import org.jspecify.annotations.NullMarked;
