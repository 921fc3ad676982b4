/** The security audit log. */
@NullMarked
package org.reservegrid.auth.audit;

import org.jspecify.annotations.NullMarked;
