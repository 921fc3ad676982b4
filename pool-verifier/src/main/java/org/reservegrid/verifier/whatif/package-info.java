/**
 * What-if: the last templates the verifier judged over TCP, kept with the mempool view and clock of their
 * judgment, and their replay against a draft policy, so the operator sees which verdicts a policy change would
 * flip before applying it.
 */
@NullMarked
package org.reservegrid.verifier.whatif;

import org.jspecify.annotations.NullMarked;
