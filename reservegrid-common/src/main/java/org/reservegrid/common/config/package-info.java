@NullMarked
package org.reservegrid.common.config;

import org.jspecify.annotations.NullMarked;
