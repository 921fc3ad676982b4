/** Accounts: email, state, role and their table. */
@NullMarked
package org.reservegrid.auth.account;

import org.jspecify.annotations.NullMarked;
