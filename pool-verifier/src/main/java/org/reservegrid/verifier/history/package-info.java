/** Verdict history: an in-memory ring for the API and an H2 database written in batches off the hot path. */
@NullMarked
package org.reservegrid.verifier.history;

import org.jspecify.annotations.NullMarked;
