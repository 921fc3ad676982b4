/** The front end's static files, single-page-app routes and the security headers of the dashboard's pages. */
@NullMarked
package org.reservegrid.dashboard.site;

import org.jspecify.annotations.NullMarked;
