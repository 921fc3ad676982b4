@NullMarked
package org.reservegrid.protocol.message;

import org.jspecify.annotations.NullMarked;
