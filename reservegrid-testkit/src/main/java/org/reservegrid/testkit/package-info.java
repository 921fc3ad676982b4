/** Test support shared by every module's tests. */
@NullMarked
package org.reservegrid.testkit;

import org.jspecify.annotations.NullMarked;
