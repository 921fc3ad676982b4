/** Bitcoin primitives shared by every module: hashing, byte order, serialisation, merkle trees. */
@NullMarked
package org.reservegrid.bitcoin;

import org.jspecify.annotations.NullMarked;
