/** The dashboard in a real browser: Debian's chromium driven by playwright-core against the real services. */
package org.reservegrid.dashboard.browser;
