/** The account database: embedded H2 under VELDRA_DATA_DIR, or PostgreSQL from VELDRA_AUTH_DATABASE_URL; one set of Flyway migrations. */
@NullMarked
package org.reservegrid.auth.database;

import org.jspecify.annotations.NullMarked;
