@NullMarked
package org.reservegrid.common.secret;

import org.jspecify.annotations.NullMarked;
