@NullMarked
package org.reservegrid.protocol.frame;

import org.jspecify.annotations.NullMarked;
