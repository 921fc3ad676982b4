/**
 * Test support shared by every module's tests: the test-data locator ({@link org.reservegrid.testkit.TestData}),
 * prerequisites that skip locally and fail in CI ({@link org.reservegrid.testkit.Prerequisite}), {@link
 * org.reservegrid.testkit.Await} and {@link org.reservegrid.testkit.FreePorts}.
 */
@NullMarked
package org.reservegrid.testkit;

import org.jspecify.annotations.NullMarked;
