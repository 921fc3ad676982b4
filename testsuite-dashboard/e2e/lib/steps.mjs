// A small step runner: every step is reported (ok / FAILED / waiting), nothing is skipped silently, and the run
// ends with one "N passed, N failed, N skipped" line.

/**
 * Thrown when a step needs a page or an endpoint that is not in this build yet. It fails the step unless the
 * run allows waiting steps (RG_E2E_ALLOW_PENDING=1, for working while the pages land); then it is counted as
 * skipped and named with what it waits for.
 */
export class Pending extends Error {
  constructor(waitsFor, what) {
    super(`${what} is not in this build yet (waits for ${waitsFor})`);
    this.waitsFor = waitsFor;
  }
}

export class Steps {
  constructor({ allowPending, log }) {
    this.allowPending = allowPending;
    this.log = log;
    this.results = [];
    this.started = Date.now();
  }

  /**
   * Runs one step. A step marked `critical` that does not pass stops the run (later steps would only fail
   * for its sake); `after` lists step names that must have passed, or this one is skipped saying so.
   */
  async run(name, fn, { critical = false, after = [] } = {}) {
    const missing = after.filter((n) => !this.results.some((r) => r.name === n && r.status === 'passed'));
    if (missing.length > 0) {
      this.record(name, 'skipped', `needs "${missing.join('", "')}"`);
      return false;
    }
    const t0 = Date.now();
    try {
      await fn();
      this.record(name, 'passed', `${((Date.now() - t0) / 1000).toFixed(1)} s`);
      return true;
    } catch (error) {
      if (error instanceof Pending && this.allowPending) {
        this.record(name, 'skipped', error.message);
        return false;
      }
      this.record(name, 'failed', error instanceof Error ? (error.stack ?? error.message) : String(error));
      if (critical) throw new StopRun(name);
      return false;
    }
  }

  record(name, status, detail) {
    this.results.push({ name, status, detail });
    const label = { passed: 'ok     ', failed: 'FAILED ', skipped: 'skipped' }[status];
    this.log(`${label} ${name}${detail ? ` (${detail.split('\n')[0]})` : ''}`);
    if (status === 'failed' && detail.includes('\n')) this.log(detail.split('\n').slice(1, 8).join('\n'));
  }

  summary() {
    const count = (status) => this.results.filter((r) => r.status === status).length;
    const waiting = this.results.filter((r) => r.status === 'skipped');
    if (waiting.length > 0) {
      this.log('skipped steps:');
      for (const r of waiting) this.log(`  - ${r.name}: ${r.detail}`);
    }
    const failed = this.results.filter((r) => r.status === 'failed');
    if (failed.length > 0) {
      this.log('failed steps:');
      for (const r of failed) this.log(`  - ${r.name}: ${r.detail.split('\n')[0]}`);
    }
    this.log(`took ${((Date.now() - this.started) / 1000).toFixed(0)} s`);
    this.log(`dashboard-e2e: ${count('passed')} passed, ${count('failed')} failed, ${count('skipped')} skipped`);
    return count('failed') === 0 && (this.allowPending || count('skipped') === 0);
  }
}

/** A critical step failed: the run stops here (the summary still prints). */
export class StopRun extends Error {
  constructor(step) {
    super(`stopped after "${step}" failed`);
  }
}
