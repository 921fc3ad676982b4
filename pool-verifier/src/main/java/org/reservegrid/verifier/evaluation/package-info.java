/** The policy in force and the judging of templates with it (the engine itself is in {@code policy}). */
@NullMarked
package org.reservegrid.verifier.evaluation;

import org.jspecify.annotations.NullMarked;
