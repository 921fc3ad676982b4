@NullMarked
package org.reservegrid.gateway.sharelog;

import org.jspecify.annotations.NullMarked;
