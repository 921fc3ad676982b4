@NullMarked
package org.reservegrid.templates.metrics;

import org.jspecify.annotations.NullMarked;
