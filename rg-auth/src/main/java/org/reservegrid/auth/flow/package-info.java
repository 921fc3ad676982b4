/** The auth flows, each step one transaction: registration, verification, login, reset, admin actions. */
@NullMarked
package org.reservegrid.auth.flow;

import org.jspecify.annotations.NullMarked;
