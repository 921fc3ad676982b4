/** rg-auth: the accounts, sessions and audit log behind the operator dashboard (docs/rg-auth.md). */
@NullMarked
package org.reservegrid.auth;

import org.jspecify.annotations.NullMarked;
