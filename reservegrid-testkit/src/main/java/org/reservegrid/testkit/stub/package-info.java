/**
 * Stand-ins for the services around the one under test, on real loopback sockets: a template-manager's stream and
 * submit-block endpoints, and a small Stratum V2 pool.
 */
@NullMarked
package org.reservegrid.testkit.stub;

import org.jspecify.annotations.NullMarked;
