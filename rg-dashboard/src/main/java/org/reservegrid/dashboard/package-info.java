/** rg-dashboard: the operator dashboard's front end and API proxy. */
@NullMarked
package org.reservegrid.dashboard;

import org.jspecify.annotations.NullMarked;
