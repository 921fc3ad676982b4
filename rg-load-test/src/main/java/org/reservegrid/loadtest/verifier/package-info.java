@NullMarked
package org.reservegrid.loadtest.verifier;

import org.jspecify.annotations.NullMarked;
