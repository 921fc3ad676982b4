package org.reservegrid.templates.template;

import org.reservegrid.templates.metrics.TemplateMetrics;

/** Whether the last getblocktemplate call succeeded, and why not; read by {@code /ready}. */
public final class NodeHealth {
    private final TemplateMetrics metrics;
    private volatile boolean up;
    private volatile String problem = "no getblocktemplate answer yet";
    private volatile long lastSuccessMillis;

    public NodeHealth(TemplateMetrics metrics) {
        this.metrics = metrics;
    }

    public void succeeded() {
        up = true;
        problem = "";
        lastSuccessMillis = System.currentTimeMillis();
        metrics.nodeUp(true);
    }

    public void failed(String why) {
        up = false;
        problem = why;
        metrics.nodeUp(false);
    }

    public boolean up() {
        return up;
    }

    public String problem() {
        return problem;
    }

    /** Unix milliseconds of the last successful template fetch, 0 before the first. */
    public long lastSuccessMillis() {
        return lastSuccessMillis;
    }
}
