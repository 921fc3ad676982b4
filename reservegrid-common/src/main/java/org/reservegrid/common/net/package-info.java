@NullMarked
package org.reservegrid.common.net;

import org.jspecify.annotations.NullMarked;
