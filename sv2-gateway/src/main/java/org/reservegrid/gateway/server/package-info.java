@NullMarked
package org.reservegrid.gateway.server;

import org.jspecify.annotations.NullMarked;
