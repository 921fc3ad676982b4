@NullMarked
package org.reservegrid.regtest.funds;

import org.jspecify.annotations.NullMarked;
