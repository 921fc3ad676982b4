@NullMarked
package org.reservegrid.regtest.rpc;

import org.jspecify.annotations.NullMarked;
