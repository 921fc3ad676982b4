/** The API proxy: rg-auth passed through, the backends behind rg-auth's session and role gate. */
@NullMarked
package org.reservegrid.dashboard.proxy;

import org.jspecify.annotations.NullMarked;
