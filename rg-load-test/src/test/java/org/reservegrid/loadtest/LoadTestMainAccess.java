package org.reservegrid.loadtest;

import java.io.PrintStream;
import java.util.List;

/** Lets tests in feature packages run the command line as the jar does. */
public final class LoadTestMainAccess {

    private LoadTestMainAccess() {}

    public static int run(List<String> args, PrintStream out, PrintStream err) throws InterruptedException {
        return LoadTestMain.run(args, out, err);
    }
}
