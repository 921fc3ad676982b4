/** Canonical reason codes shared by the gateway, its metrics and its API. */
@NullMarked
package org.reservegrid.common.reason;

import org.jspecify.annotations.NullMarked;
