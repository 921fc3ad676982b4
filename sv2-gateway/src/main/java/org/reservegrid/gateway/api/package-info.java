@NullMarked
package org.reservegrid.gateway.api;

import org.jspecify.annotations.NullMarked;
