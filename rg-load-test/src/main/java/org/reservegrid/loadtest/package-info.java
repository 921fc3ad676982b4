@NullMarked
package org.reservegrid.loadtest;

import org.jspecify.annotations.NullMarked;
