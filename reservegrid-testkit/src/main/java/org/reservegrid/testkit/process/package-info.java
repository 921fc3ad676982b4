/**
 * The project's services as real child processes: {@link org.reservegrid.testkit.process.ServiceProcess} starts a
 * packaged jar (or a main class on the test classpath) with {@code VELDRA_*} settings; the per-service launchers
 * choose free loopback ports and fast test settings; {@link org.reservegrid.testkit.process.ServiceJars} finds the
 * packaged jars and turns a missing one into a {@link org.reservegrid.testkit.Prerequisite}. Outside tools run through
 * {@link org.reservegrid.testkit.process.ToolRun}; {@link org.reservegrid.testkit.process.RgStack} runs the whole
 * stack with {@code scripts/rg} in a suite's own state directory.
 */
@NullMarked
package org.reservegrid.testkit.process;

import org.jspecify.annotations.NullMarked;
