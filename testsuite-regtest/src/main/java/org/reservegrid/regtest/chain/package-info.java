@NullMarked
package org.reservegrid.regtest.chain;

import org.jspecify.annotations.NullMarked;
