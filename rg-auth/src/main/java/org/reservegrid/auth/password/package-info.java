/** Password rules and Argon2id hashing. */
@NullMarked
package org.reservegrid.auth.password;

import org.jspecify.annotations.NullMarked;
