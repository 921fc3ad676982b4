@NullMarked
package org.reservegrid.gateway.template;

import org.jspecify.annotations.NullMarked;
