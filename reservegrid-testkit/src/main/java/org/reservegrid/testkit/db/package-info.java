/**
 * A real PostgreSQL server for tests: {@link org.reservegrid.testkit.db.PostgresServer} starts a throwaway cluster
 * from the installed binaries and hands out one fresh {@link org.reservegrid.testkit.db.Database} (and login role)
 * per suite.
 */
@NullMarked
package org.reservegrid.testkit.db;

import org.jspecify.annotations.NullMarked;
