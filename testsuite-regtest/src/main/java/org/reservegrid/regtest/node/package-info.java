@NullMarked
package org.reservegrid.regtest.node;

import org.jspecify.annotations.NullMarked;
