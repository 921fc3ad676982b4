// The stack under test, started exactly as a person starts it: `VELDRA_MODE=observe scripts/rg up`, only with its
// own state directory (RG_STATE_DIR) and free ports (the VELDRA_*_PORT variables), so it never touches a
// developer's stack in .rg/ on the default ports. Also the direct view of each backend, which the suite uses to
// check that the pages show what the services say (the browser itself only ever talks to the dashboard).
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

/** Every port `scripts/rg up` opens in observe mode, by the variable that moves it. */
const PORT_VARIABLES = {
  auth: 'VELDRA_AUTH_PORT',
  dashboard: 'VELDRA_DASHBOARD_PORT',
  demoFeed: 'VELDRA_DEMO_FEED_PORT',
  feedAdapter: 'VELDRA_FEED_ADAPTER_PORT',
  verifier: 'VELDRA_VERIFIER_HTTP_PORT',
  verifierTcp: 'VELDRA_VERIFIER_TCP_PORT',
  templates: 'VELDRA_TEMPLATE_MANAGER_HTTP_PORT',
  gateway: 'VELDRA_GATEWAY_HTTP_PORT',
  gatewaySv2: 'VELDRA_GATEWAY_SV2_PORT',
};

/** Distinct loopback ports that were free a moment ago (all held open together, so no two are the same). */
export async function freePorts(count) {
  const servers = [];
  try {
    for (let i = 0; i < count; i += 1) {
      const server = createServer();
      await new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(0, '127.0.0.1', resolve);
      });
      servers.push(server);
    }
    return servers.map((server) => server.address().port);
  } finally {
    await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  }
}

export class Stack {
  /**
   * @param root the repository root (scripts/rg lives there)
   * @param stateDir RG_STATE_DIR of this stack
   * @param adminEmail VELDRA_AUTH_ADMIN_EMAIL
   * @param log where the scripts' output goes, line by line
   */
  constructor({ root, stateDir, adminEmail, log }) {
    this.root = root;
    this.stateDir = stateDir;
    this.adminEmail = adminEmail;
    this.log = log;
    this.ports = null;
    this.miner = null;
  }

  /** The environment of every scripts/rg call: the caller's, without its VELDRA_* and RG_* settings. */
  environment() {
    const env = {};
    for (const [name, value] of Object.entries(process.env)) {
      // A developer's VELDRA_BITCOIND_RPC_URL, VELDRA_AUTH_SMTP_HOST or RG_STATE_DIR must not reach this stack.
      if (!name.startsWith('VELDRA_') && !name.startsWith('RG_')) env[name] = value;
    }
    for (const [key, variable] of Object.entries(PORT_VARIABLES)) env[variable] = String(this.ports[key]);
    return {
      ...env,
      RG_STATE_DIR: this.stateDir,
      VELDRA_MODE: 'observe',
      VELDRA_AUTH_ADMIN_EMAIL: this.adminEmail,
      // The suite applies policies through the dashboard, and the verifier writes an applied policy back to its
      // file: a copy in the state directory keeps config/policy.toml of the checkout as it is.
      VELDRA_POLICY_FILE: join(this.stateDir, 'policy.toml'),
      // Seven JVMs start one after another on a small machine; C1 only starts them quicker and is plenty here.
      RG_JAVA_OPTS: '-XX:TieredStopAtLevel=1 -Xshare:auto',
      // A loaded 2-core machine has taken 100 s for one service's start; 120 s (the default) is too close.
      RG_READY_TIMEOUT_SECS: '300',
    };
  }

  url(service) {
    return `http://127.0.0.1:${this.ports[service]}`;
  }

  get dashboardUrl() {
    return this.url('dashboard');
  }

  async up() {
    const names = Object.keys(PORT_VARIABLES);
    const ports = await freePorts(names.length);
    this.ports = Object.fromEntries(names.map((name, i) => [name, ports[i]]));
    mkdirSync(this.stateDir, { recursive: true });
    copyFileSync(join(this.root, 'config/policy.toml'), join(this.stateDir, 'policy.toml'));
    const code = await this.rg(['up'], { echo: true });
    if (code !== 0) throw new Error(`scripts/rg up exited ${code}; logs in ${join(this.stateDir, 'logs')}`);
  }

  async down() {
    this.stopMiner();
    if (this.ports === null) return;
    await this.rg(['down'], { echo: true });
  }

  /** Runs scripts/rg with this stack's environment; resolves to its exit code (its output in `output`). */
  rg(args, { echo = false } = {}) {
    return new Promise((resolve, reject) => {
      const child = spawn(join(this.root, 'scripts/rg'), args, {
        cwd: this.root,
        env: this.environment(),
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      const take = (chunk) => {
        const text = chunk.toString();
        output += text;
        if (echo) for (const line of text.split('\n')) if (line) this.log(`  | ${line}`);
      };
      child.stdout.on('data', take);
      child.stderr.on('data', take);
      child.on('error', reject);
      child.on('close', (code) => {
        this.lastOutput = output;
        resolve(code ?? 1);
      });
    });
  }

  /**
   * `scripts/rg test-miner` in the background with many shares far apart, so the gateway keeps a live channel for
   * the whole run (the default 5 shares would close it within seconds).
   */
  startMiner(identity) {
    const child = spawn(
      join(this.root, 'scripts/rg'),
      ['test-miner', '--identity', identity, '--shares', '100000', '--interval-secs', '2'],
      { cwd: this.root, env: this.environment(), stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    const take = (chunk) => {
      output += chunk.toString();
      if (output.length > 20_000) output = output.slice(-10_000);
    };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    // Beside the services' pid files, so `scripts/rg down` stops the miner too (RG_E2E_KEEP=1, a killed run).
    writeFileSync(join(this.stateDir, 'run', 'test-miner.pid'), `${child.pid}\n`);
    this.miner = { child, output: () => output };
    return this.miner;
  }

  stopMiner() {
    const miner = this.miner;
    this.miner = null;
    // `scripts/rg test-miner` execs the JVM, so this pid is the miner's own.
    if (miner && miner.child.exitCode === null && miner.child.signalCode === null) miner.child.kill('SIGTERM');
    if (miner) rmSync(join(this.stateDir, 'run', 'test-miner.pid'), { force: true });
  }

  /** The emails rg-auth printed, read the way a person reads them: `scripts/rg emails`. */
  async emails() {
    const code = await this.rg(['emails']);
    if (code !== 0) throw new Error(`scripts/rg emails exited ${code}: ${this.lastOutput}`);
    const emails = [];
    let current = null;
    for (const line of this.lastOutput.split('\n')) {
      if (line.startsWith('To: ')) {
        current = { to: line.slice(4).trim(), subject: '', body: [] };
        emails.push(current);
      } else if (current && line.startsWith('Subject: ') && !current.subject) {
        current.subject = line.slice(9);
      } else if (current) {
        current.body.push(line);
      }
    }
    return emails;
  }

  /** The pid scripts/rg recorded for a service (the JVM's own). */
  pid(service) {
    const file = join(this.stateDir, 'run', `${service}.pid`);
    if (!existsSync(file)) throw new Error(`no pid file ${file}`);
    return Number(readFileSync(file, 'utf8').trim());
  }

  /** Stops one service the hard way a crash would (SIGKILL of the pid in its pid file) and waits until it is gone. */
  async kill(service) {
    const pid = this.pid(service);
    process.kill(pid, 'SIGKILL');
    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline) {
      try {
        process.kill(pid, 0);
      } catch {
        return pid;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`${service} (pid ${pid}) still runs 15 s after SIGKILL`);
  }

  /** The last lines of a service's log, for a failure report. */
  logTail(service, lines = 30) {
    const file = join(this.stateDir, 'logs', `${service}.log`);
    if (!existsSync(file)) return `(no ${file})`;
    return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  }

  /** GET/POST/PUT straight to a backend (not through the dashboard): what the service itself says. */
  async direct(service, path, { method = 'GET', body, contentType } = {}) {
    const response = await fetch(`${this.url(service)}${path}`, {
      method,
      body,
      headers: contentType ? { 'Content-Type': contentType } : {},
      signal: AbortSignal.timeout(10_000),
    });
    const text = await response.text();
    let json = null;
    try {
      json = JSON.parse(text);
    } catch {
      // not JSON (an export, an HTML error page): the caller looks at `text`
    }
    return { status: response.status, json, text };
  }

  /** A direct GET that must answer 200 with JSON. */
  async get(service, path) {
    const answer = await this.direct(service, path);
    if (answer.status !== 200 || answer.json === null) {
      throw new Error(`${service} GET ${path} answered ${answer.status}: ${answer.text.slice(0, 300)}`);
    }
    return answer.json;
  }
}
