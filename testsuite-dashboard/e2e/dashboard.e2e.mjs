// The operator dashboard against the whole running stack, in a real browser.
//
// Starts the stack as a person does, `VELDRA_MODE=observe scripts/rg up` (own state directory, free ports, the
// dev email stub), keeps `scripts/rg test-miner` connected, and drives Debian's chromium through playwright-core:
// accounts (register, the emailed link, approval, roles), every page against live data, the why view, policy
// validation, what-if and Apply, a viewer's limits, a backend going down, logout. Values on the pages are checked
// against what the services answer directly.
//
//   node testsuite-dashboard/e2e/dashboard.e2e.mjs      (after `npm ci` in testsuite-dashboard/e2e)
//
// Environment (all optional):
//   RG_E2E_SCREENSHOTS=docs/images  write docs/images/dashboard-<page>.png (laptop 1366x900 dark, one tablet, one light)
//   RG_E2E_STATE_DIR=DIR            the stack's RG_STATE_DIR (default: a new temporary directory, removed on success)
//   RG_E2E_ALLOW_PENDING=1          a page or endpoint not built yet counts as skipped instead of failed
//   RG_E2E_KEEP=1                   leave the stack running and its state directory in place at the end
// Exits 0 when every step passed.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { check, displays, eventually, expectDisplays, numbersIn, openPage, part, text, TIMEOUT } from './lib/expect.mjs';
import { Stack } from './lib/stack.mjs';
import { Pending, Steps, StopRun } from './lib/steps.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const CHROMIUM = '/usr/bin/chromium';
const ADMIN = 'admin@e2e.example';
const COLLEAGUE = 'colleague@e2e.example';
const ADMIN_PASSWORD = 'browser admin passphrase';
const COLLEAGUE_PASSWORD = 'browser colleague passphrase';
const MINER = 'e2e-miner';
const LAPTOP = { width: 1366, height: 900 };
const TABLET = { width: 820, height: 1180 };
// The demo feed's templates come every 5 s; a new verdict under a new policy is at most two of them away.
const NEXT_TEMPLATE_MS = 30_000;

const log = (line) => console.log(line);
const screenshots = process.env.RG_E2E_SCREENSHOTS ? resolve(process.env.RG_E2E_SCREENSHOTS) : null;
const keep = process.env.RG_E2E_KEEP === '1';
const stateDir = process.env.RG_E2E_STATE_DIR
  ? resolve(process.env.RG_E2E_STATE_DIR)
  : mkdtempSync(join(tmpdir(), 'rg-dashboard-e2e-'));
const stack = new Stack({ root: ROOT, stateDir, adminEmail: ADMIN, log });
const steps = new Steps({ allowPending: process.env.RG_E2E_ALLOW_PENDING === '1', log });
const pageErrors = [];

/** A viewport screenshot for docs/dashboard.md, from the top of the page unless `scrolled` keeps the position. */
async function shot(page, name, { scrolled = false } = {}) {
  if (!screenshots) return;
  mkdirSync(screenshots, { recursive: true });
  if (!scrolled) await page.evaluate(() => window.scrollTo(0, 0));
  // Let charts and relative times settle after the last data arrived.
  await page.waitForTimeout(300);
  await page.screenshot({ path: join(screenshots, `dashboard-${name}.png`) });
}

/** The newest email to `to` whose subject contains `subject`, once `scripts/rg emails` shows it. */
async function emailTo(to, subject) {
  return eventually(`an email to ${to} about "${subject}"`, async () =>
    (await stack.emails()).filter((e) => e.to.toLowerCase() === to && e.subject.includes(subject)).pop(),
  );
}

function linkIn(email) {
  const link = email.body.map((line) => line.match(/https?:\/\/\S+/)).find(Boolean);
  check(link, `no link in the email to ${email.to}`);
  return link[0];
}

async function register(page, email, password, screenshot) {
  await page.goto(`${stack.dashboardUrl}/register`);
  await page.getByTestId('field-email').fill(email);
  await page.getByTestId('field-password').fill(password);
  await page.getByTestId('field-confirm').fill(password);
  if (screenshot) await shot(page, 'register');
  await page.getByTestId('register-submit').click();
  await page.getByTestId('register-done').waitFor({ timeout: TIMEOUT });
}

async function login(page, email, password) {
  await page.goto(`${stack.dashboardUrl}/login`);
  await page.getByTestId('field-email').fill(email);
  await page.getByTestId('field-password').fill(password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('user-email').waitFor({ timeout: TIMEOUT });
}

async function newPage(browser, viewport) {
  const context = await browser.newContext({ viewport, colorScheme: 'dark' });
  const page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT);
  page.on('pageerror', (error) => pageErrors.push(`${page.url()}: ${error.message}`));
  return page;
}

/** The session's CSRF token, as the front end gets it (rg-auth's /me through the dashboard). */
async function csrfToken(page) {
  const me = await page.request.get(`${stack.dashboardUrl}/api/auth/me`);
  check(me.status() === 200, `/api/auth/me answered ${me.status()}`);
  return (await me.json()).csrf_token;
}

/** The active policy TOML with `key`'s line replaced (or added under [policy]); returns the text and line number. */
function draftWith(toml, key, value) {
  const lines = toml.replace(/\n$/, '').split('\n');
  let index = lines.findIndex((line) => line.trim().startsWith(`${key} `) || line.trim().startsWith(`${key}=`));
  if (index < 0) {
    index = lines.findIndex((line) => line.trim() === '[policy]') + 1;
    lines.splice(index, 0, '');
  }
  lines[index] = `${key} = ${value}`;
  return { toml: `${lines.join('\n')}\n`, line: index + 1 };
}

function draftWithAll(toml, entries) {
  return Object.entries(entries).reduce((draft, [key, value]) => draftWith(draft, key, value).toml, toml);
}

/** The verifier's own what-if answer for a draft; a missing endpoint is Pending on the whatif branch. */
async function directWhatIf(draft, last) {
  const answer = await stack.direct('verifier', `/api/policy/what-if?last=${last}`, {
    method: 'POST',
    body: draft,
    contentType: 'text/plain',
  });
  if (answer.status === 404 || answer.status === 405) {
    throw new Pending('whatif', 'pool-verifier POST /api/policy/what-if');
  }
  check(answer.status === 200, `what-if answered ${answer.status}: ${answer.text.slice(0, 300)}`);
  return answer.json;
}

/** Apply a draft as an operator does: edit, Apply, then confirm in the dialog that sums up the change. */
async function applyInEditor(page, draft) {
  await page.getByTestId('policy-editor').fill(draft);
  // Apply is enabled once the verifier validated the draft (the click waits for that).
  await page.getByTestId('policy-apply').click();
  await page.getByTestId('policy-confirm').waitFor();
  await page.getByTestId('policy-apply-confirm').click();
  await page.getByTestId('policy-applied').waitFor();
}

/** The first verdict recorded under `version` (waits for the next templates). */
async function verdictUnder(version) {
  return eventually(
    `a new verdict under policy v${version}`,
    async () => {
      const { verdicts } = await stack.get('verifier', '/api/verdicts?limit=5');
      return verdicts.find((v) => v.context.policy_version === version);
    },
    NEXT_TEMPLATE_MS,
  );
}

async function main() {
  let admin;
  let viewer;
  const state = {};

  await steps.run(
    'the stack starts with VELDRA_MODE=observe scripts/rg up on free ports, in its own state directory',
    async () => {
      log(`stack state: ${stateDir}`);
      await stack.up();
      check((await stack.rg(['status'])) === 0, `scripts/rg status:\n${stack.lastOutput}`);
    },
    { critical: true },
  );

  await steps.run('scripts/rg test-miner keeps a live channel open on the gateway', async () => {
    const miner = stack.startMiner(MINER);
    state.channel = await eventually(
      'a channel of the test miner',
      async () => {
        check(miner.child.exitCode === null, `test-miner exited ${miner.child.exitCode}: ${miner.output()}`);
        const { channels } = await stack.get('gateway', '/api/channels');
        return channels.find((c) => JSON.stringify(c).includes(MINER));
      },
      60_000,
    );
  });

  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    // launch() gives every run a fresh temporary --user-data-dir of its own.
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  try {
    admin = await newPage(browser, LAPTOP);
    const base = stack.dashboardUrl;

    // ---- accounts --------------------------------------------------------------------------------------------
    await steps.run(
      'an anonymous visit lands on the login page',
      async () => {
        await admin.goto(`${base}/verdicts`);
        await admin.getByTestId('login-page').waitFor();
        await shot(admin, 'login');
      },
      { critical: true },
    );

    await steps.run(
      'the admin registers, follows the link from `scripts/rg emails` and logs in',
      async () => {
        await register(admin, ADMIN, ADMIN_PASSWORD, true);
        await admin.goto(linkIn(await emailTo(ADMIN, 'Verify')));
        await admin.getByTestId('verify-active').waitFor();
        await login(admin, ADMIN, ADMIN_PASSWORD);
        check((await text(admin.getByTestId('user-role'))).toLowerCase() === 'admin', 'the admin is not shown as admin');
      },
      { critical: true },
    );

    await steps.run('a colleague registers and verifies, and waits for approval', async () => {
      viewer = await newPage(browser, LAPTOP);
      await register(viewer, COLLEAGUE, COLLEAGUE_PASSWORD, false);
      await viewer.goto(linkIn(await emailTo(COLLEAGUE, 'Verify')));
      await viewer.getByTestId('verify-pending').waitFor();
    });

    await steps.run(
      'the admin approves the colleague on the Users page, then makes them a viewer',
      async () => {
        await openPage(admin, base, '/users', { name: 'users', waitsFor: 'main', ready: 'users-pending' });
        const pending = admin.locator(`[data-email="${COLLEAGUE}"]`);
        await pending.waitFor();
        const id = (await pending.getAttribute('data-testid')).replace('user-row-', '');
        await admin.getByTestId(`user-role-${id}`).selectOption('operator');
        await shot(admin, 'users');
        await admin.getByTestId(`approve-${id}`).click();
        await pending.waitFor({ state: 'detached' });
        await admin.getByTestId('users-tab-active').click();
        await admin.getByTestId(`user-row-${id}`).waitFor();
        await admin.getByTestId(`user-role-${id}`).selectOption('viewer');
        await admin.getByTestId(`set-role-${id}`).click();
        await eventually('the role change saved', async () => admin.getByTestId(`set-role-${id}`).isDisabled());
        await login(viewer, COLLEAGUE, COLLEAGUE_PASSWORD);
        check((await text(viewer.getByTestId('user-role'))).toLowerCase() === 'viewer', 'the colleague is not a viewer');
        check((await viewer.locator('a[href="/users"]').count()) === 0, 'a viewer sees the Users link');
      },
      { after: ['a colleague registers and verifies, and waits for approval'] },
    );

    // ---- overview --------------------------------------------------------------------------------------------
    await steps.run("Overview: every service's tile is up and the verifier's shows its policy version", async () => {
      await openPage(admin, base, '/', { name: 'overview', waitsFor: 'main', ready: 'tile-verifier' });
      const stats = await stack.get('verifier', '/api/stats');
      for (const tile of ['verifier', 'templates', 'gateway']) {
        await eventually(`tile-${tile} up`, async () =>
          (await admin.getByTestId(`tile-${tile}`).getAttribute('data-status')) === 'up',
        );
      }
      expectDisplays(await text(admin.getByTestId('tile-verifier')), `v${stats.policy.version}`, 'verifier tile');
      const auth = await part(admin, 'tile-auth', 'fe-miners', 2_000);
      await eventually('tile-auth up', async () => (await auth.getAttribute('data-status')) === 'up');
    });

    await steps.run(
      "Overview: the current template is template-manager's latest; chart, tier, mempool and hashrate shown",
      async () => {
        await openPage(admin, base, '/', { name: 'overview', waitsFor: 'main', ready: 'tile-verifier' });
        const current = await part(admin, 'overview-template', 'fe-miners');
        // Both sides move every 5 s: equal at one moment is the claim.
        await eventually("the overview's template equals template-manager's /api/templates/latest", async () => {
          const latest = (await stack.get('templates', '/api/templates/latest')).template;
          return (
            displays(await text(current.locator('[data-field="height"]')), latest.height) &&
            displays(await text(current.locator('[data-field="tx_count"]')), latest.tx_count)
          );
        });
        await eventually("the fee tier is the verifier's latest verdict's", async () => {
          const [latest] = (await stack.get('verifier', '/api/verdicts?limit=1')).verdicts;
          const shown = await (await part(admin, 'overview-tier', 'fe-miners')).locator('[data-tier]').getAttribute('data-tier');
          return shown === latest.context.tier;
        });
        await eventually("the mempool size is the verifier's", async () => {
          const stats = await stack.get('verifier', '/api/stats');
          const shown = await text((await part(admin, 'overview-mempool', 'fe-miners')).locator('[data-tx-count]'));
          return displays(shown, stats.mempool.tx_count);
        });
        const chart = await part(admin, 'chart-verdicts', 'fe-miners');
        await chart.locator('canvas').first().waitFor();
        const hashrate = await text(await part(admin, 'overview-hashrate', 'fe-miners'));
        check(/declared/i.test(hashrate) && /measured/i.test(hashrate), `hashrate panel: "${hashrate}"`);
        await part(admin, 'overview-rejects', 'fe-miners');
        await part(admin, 'overview-inline', 'fe-miners');
        const stats = await stack.get('verifier', '/api/stats');
        const reasons = await text(admin.getByTestId('verdicts-by-reason'));
        for (const reason of Object.keys(stats.verdicts.by_reason)) expectDisplays(reasons, reason, 'verdicts by reason');
      },
    );
    await shot(admin, 'overview').catch(() => {});

    // ---- verdicts --------------------------------------------------------------------------------------------
    await steps.run("Verdicts: the table's rows are the verifier's verdicts", async () => {
      await openPage(admin, base, '/verdicts', { name: 'verdicts', waitsFor: 'fe-verdicts', ready: 'verdict-row' });
      const row = admin.getByTestId('verdict-row').first();
      const id = await row.getAttribute('data-id');
      const verdict = await stack.get('verifier', `/api/verdicts/${id}`);
      check(String(verdict.accepted) === (await row.getAttribute('data-accepted')), `verdict ${id}: accepted differs`);
      if (!verdict.accepted) {
        check((await row.getAttribute('data-reason')) === verdict.reason_code, `verdict ${id}: reason differs`);
      }
    });

    await steps.run('Verdicts: filters by outcome and reason, and exports the filtered set', async () => {
      // The demo feed's rejects are mostly avg_fee_below_minimum (fees just under the hi-tier minimum), but a
      // fresh stack may first see only weight_ratio_exceeded ones: take the verifier's newest reason, that one
      // when it has it.
      const reason = await eventually(
        'a rejected verdict at the verifier',
        async () => {
          const rejected = (await stack.get('verifier', '/api/verdicts?limit=100')).verdicts.filter((v) => !v.accepted);
          return (rejected.find((v) => v.reason_code === 'avg_fee_below_minimum') ?? rejected[0])?.reason_code;
        },
        NEXT_TEMPLATE_MS * 2,
      );
      state.reason = reason;
      await openPage(admin, base, '/verdicts', { name: 'verdicts', waitsFor: 'fe-verdicts', ready: 'verdict-row' });
      await admin.getByTestId('filter-accepted').selectOption('rejected');
      await admin.getByTestId('filter-reason').selectOption(reason);
      await eventually(`only rejected ${reason} rows`, async () => {
        const rows = await admin.getByTestId('verdict-row').evaluateAll((els) =>
          els.map((el) => [el.dataset.accepted, el.dataset.reason]),
        );
        return rows.length > 0 && rows.every(([a, r]) => a === 'false' && r === reason);
      });
      const href = await admin.getByTestId('export-jsonl').getAttribute('href');
      check(href.startsWith('/api/verifier/export/verdicts'), `export-jsonl href ${href}`);
      const jsonl = await admin.request.get(`${base}${href}`);
      check(jsonl.status() === 200, `JSONL export answered ${jsonl.status()}`);
      const lines = (await jsonl.text()).split('\n').filter(Boolean).map((line) => JSON.parse(line));
      check(lines.length > 0, 'the JSONL export is empty');
      check(
        lines.every((v) => v.accepted === false && v.reason_code === reason),
        'the JSONL export holds verdicts outside the filter',
      );
      const csvHref = await admin.getByTestId('export-csv').getAttribute('href');
      const csv = await admin.request.get(`${base}${csvHref}`);
      check(csv.status() === 200, `CSV export answered ${csv.status()}`);
      check((await csv.text()).split('\n').filter(Boolean).length > 1, 'the CSV export has no rows');
      state.rejectedRow = await admin.getByTestId('verdict-row').first().getAttribute('data-id');
    });

    await steps.run(
      "Why view: a rejected verdict shows its failing check with the verifier's measured value and threshold",
      async () => {
        const { rejectedRow: id, reason } = state;
        await admin.getByTestId('verdict-row').first().click();
        await admin.waitForURL(`**/verdicts/${id}`);
        await openPage(admin, base, `/verdicts/${id}`, { name: 'verdict', waitsFor: 'fe-verdicts', ready: 'why-checks' });
        const verdict = await stack.get('verifier', `/api/verdicts/${id}`);
        check(Array.isArray(verdict.checks), `pool-verifier reports no checks for verdict ${id}`);
        const rows = admin.getByTestId('check-row');
        check(
          (await rows.count()) === verdict.checks.length,
          `the why view lists ${await rows.count()} checks, the verifier made ${verdict.checks.length}`,
        );
        const failing = verdict.checks.find((c) => !c.passed && c.reason_code === reason);
        check(failing, `verdict ${id} has no failing ${reason} check: ${JSON.stringify(verdict.checks)}`);
        const row = admin.locator(`[data-testid="check-row"][data-check="${failing.check}"]`);
        check((await row.getAttribute('data-passed')) === 'false', `${failing.check} is not shown as failed`);
        expectDisplays(await text(row.getByTestId('check-measured')), failing.measured, `${failing.check} measured`);
        expectDisplays(await text(row.getByTestId('check-threshold')), failing.threshold, `${failing.check} threshold`);
        for (const passed of verdict.checks.filter((c) => c.passed)) {
          const shown = admin.locator(`[data-testid="check-row"][data-check="${passed.check}"]`);
          check((await shown.getAttribute('data-passed')) === 'true', `${passed.check} is not shown as passed`);
        }
        expectDisplays(await text(admin.getByTestId('verdict-tier')), verdict.context.tier, 'tier');
        if (verdict.tier_basis) {
          expectDisplays(
            await text(admin.getByTestId('verdict-tier-basis')),
            verdict.tier_basis.mempool_tx_count,
            'tier basis',
          );
        }
        expectDisplays(
          await text(admin.getByTestId('verdict-policy-hash')),
          verdict.context.policy_hash.slice(0, 12),
          'policy hash',
        );
        check(/reject/i.test(await text(admin.getByTestId('verdict-outcome'))), 'the outcome does not say rejected');
        await shot(admin, 'why');
      },
      { after: ['Verdicts: filters by outcome and reason, and exports the filtered set'] },
    );

    // ---- templates -------------------------------------------------------------------------------------------
    await steps.run("Templates: rows are template-manager's templates, and new ones arrive live", async () => {
      await openPage(admin, base, '/templates', { name: 'templates', waitsFor: 'fe-verdicts', ready: 'template-row' });
      const sequences = async () =>
        (await admin.getByTestId('template-row').evaluateAll((els) => els.map((el) => Number(el.dataset.sequence))));
      const first = Math.max(...(await sequences()));
      const template = (await stack.get('templates', `/api/templates/${first}`)).template ?? {};
      const row = admin.locator(`[data-testid="template-row"][data-sequence="${first}"]`);
      expectDisplays(await text(row), template.tx_count, `template ${first} tx count`);
      await shot(admin, 'templates');
      // No reload: the stream (or its polling fallback) brings the next template in.
      await eventually('a newer template row without a reload', async () => Math.max(...(await sequences())) > first,
        NEXT_TEMPLATE_MS);
      state.templateSequence = Math.max(...(await sequences()));
    });

    await steps.run("Template detail: fields and the difference from the previous template, as template-manager says", async () => {
      const sequence = state.templateSequence;
      check(sequence, 'no template sequence from the previous step');
      await admin.locator(`[data-testid="template-row"][data-sequence="${sequence}"]`).click();
      await admin.waitForURL(`**/templates/${sequence}`);
      await openPage(admin, base, `/templates/${sequence}`, { name: 'template', waitsFor: 'fe-verdicts', ready: 'template-fields' });
      const template = (await stack.get('templates', `/api/templates/${sequence}`)).template ?? {};
      expectDisplays(await text(admin.getByTestId('template-fields')), template.height, 'height');
      expectDisplays(await text(admin.getByTestId('template-fields')), template.prev_hash, 'prev_hash');
      expectDisplays(await text(admin.getByTestId('template-tx-count')), template.tx_count, 'tx count');
      expectDisplays(await text(admin.getByTestId('template-fees')), template.total_fees, 'total fees');
      const diff = await stack.direct('templates', `/api/templates/${sequence}/diff`);
      // The sequence is one template-manager listed: a 404 means the route itself is missing.
      if (diff.status === 404) throw new Pending('backend', 'template-manager GET /api/templates/{sequence}/diff');
      check(diff.status === 200, `diff answered ${diff.status}: ${diff.text.slice(0, 200)}`);
      await part(admin, 'template-diff', 'fe-verdicts');
      expectDisplays(await text(admin.getByTestId('diff-added-count')), diff.json.added_count, 'added');
      expectDisplays(await text(admin.getByTestId('diff-removed-count')), diff.json.removed_count, 'removed');
      expectDisplays(await text(admin.getByTestId('diff-fee-delta')), diff.json.fee_delta, 'fee delta', {
        ignoreSign: true,
      });
      await shot(admin, 'template');
    }, { after: ["Templates: rows are template-manager's templates, and new ones arrive live"] });

    // ---- policy ----------------------------------------------------------------------------------------------
    await steps.run('Policy: the active version, and a draft with an error shows it at its line', async () => {
      await openPage(admin, base, '/policy', { name: 'policy', waitsFor: 'fe-policy', ready: 'policy-editor' });
      const active = await stack.get('verifier', '/api/policy');
      state.policy = active;
      await eventually(`policy-version v${active.version}`, async () =>
        (await text(admin.getByTestId('policy-version'))).includes(`v${active.version}`),
      );
      const editor = admin.getByTestId('policy-editor');
      await eventually('the editor holds the active policy', async () => (await editor.inputValue()).includes('max_tx_count'));
      const bad = draftWith(active.toml, 'max_tx_count', '"lots"');
      const verdict = await stack.direct('verifier', '/api/policy/validate', { method: 'POST', body: bad.toml, contentType: 'text/plain' });
      const expected = verdict.json.problems.find((p) => p.key.includes('max_tx_count'));
      check(expected && expected.line === bad.line, `the verifier places the problem at ${JSON.stringify(verdict.json)}`);
      await editor.fill(bad.toml);
      const problem = admin.locator(`[data-testid="policy-problem"][data-line="${bad.line}"]`);
      await problem.waitFor();
      check((await problem.getAttribute('data-key')).includes('max_tx_count'), 'the problem names another key');
      await part(admin, 'policy-diff', 'fe-policy');
      await shot(admin, 'policy');
    });

    await steps.run(
      "Policy: Apply changes the verifier's policy version, and new verdicts follow it",
      async () => {
        // The demo feed's fees sit just under the default hi-tier minimum, so nearly every template is rejected;
        // a looser policy lets them through (and gives the stricter what-if below accepted templates to flip).
        const active = state.policy ?? (await stack.get('verifier', '/api/policy'));
        const looser = draftWithAll(active.toml, { min_avg_fee_mid: 1, min_avg_fee_hi: 1, max_weight_ratio: '1.0' });
        await openPage(admin, base, '/policy', { name: 'policy', waitsFor: 'fe-policy', ready: 'policy-editor' });
        await applyInEditor(admin, looser);
        const applied = await stack.get('verifier', '/api/policy');
        check(applied.version === active.version + 1, `the verifier is at v${applied.version} after applying on v${active.version}`);
        check(applied.toml.includes('min_avg_fee_hi = 1\n'), `the verifier's policy is not the draft:\n${applied.toml}`);
        await eventually(`the page shows v${applied.version}`, async () =>
          (await text(admin.getByTestId('policy-version'))).includes(`v${applied.version}`),
        );
        const next = await verdictUnder(applied.version);
        check(next.accepted, `a template judged under the looser v${applied.version} was rejected: ${next.reason_code}`);
        state.looser = { version: applied.version, toml: applied.toml, verdict: next.id };
        await openPage(admin, base, '/verdicts', { name: 'verdicts', waitsFor: 'fe-verdicts', ready: 'verdict-row' });
        await admin.locator(`[data-testid="verdict-row"][data-id="${next.id}"]`).waitFor();
        // Accepted under the new version above, rejected under v1 below: the picture for the docs.
        await shot(admin, 'verdicts');
      },
      { after: ['Policy: the active version, and a draft with an error shows it at its line'] },
    );

    await steps.run(
      'Policy: what-if on a stricter draft reports the verdicts that would flip, before Apply',
      async () => {
        const looser = state.looser;
        const stricter = draftWith(looser.toml, 'max_tx_count', 1000).toml;
        await openPage(admin, base, '/policy', { name: 'policy', waitsFor: 'fe-policy', ready: 'policy-editor' });
        await admin.getByTestId('policy-editor').fill(stricter);
        await (await part(admin, 'whatif-run', 'fe-policy')).click();
        const result = await part(admin, 'whatif-result', 'fe-policy');
        const shown = await eventually('a what-if flip count', async () => {
          const numbers = numbersIn(await text(result.getByTestId('whatif-flips-count')));
          return numbers.length > 0 ? numbers[0].value : null;
        });
        const last = Number(await admin.locator('#whatif-last').inputValue());
        const direct = await directWhatIf(stricter, last);
        check(direct.flips_count >= 1, `the verifier's own what-if finds no flips: ${JSON.stringify(direct).slice(0, 300)}`);
        check(shown >= 1 && Math.abs(shown - direct.flips_count) <= 2,
          `the page reports ${shown} flips, the verifier ${direct.flips_count}`);
        check((await admin.getByTestId('whatif-flip').count()) >= 1, 'no flipped verdict listed');
        expectDisplays(await text(admin.getByTestId('whatif-flip').first()), 'tx_count_exceeded', 'the flip says why');
        check((await stack.get('verifier', '/api/policy')).version === looser.version, 'what-if changed the policy');
        await result.evaluate((el) => el.scrollIntoView({ block: 'start' }));
        await shot(admin, 'whatif', { scrolled: true });
        state.stricter = stricter;
      },
      { after: ["Policy: Apply changes the verifier's policy version, and new verdicts follow it"] },
    );

    await steps.run(
      'Policy: applying the stricter draft bumps the version again, and new templates are judged by it',
      async () => {
        await applyInEditor(admin, state.stricter);
        const applied = await stack.get('verifier', '/api/policy');
        check(applied.version === state.looser.version + 1, `the verifier is at v${applied.version}`);
        const next = await verdictUnder(applied.version);
        check(!next.accepted && next.reasons.some((r) => r.includes('tx_count')),
          `a ${next.context.measured.tx_count}-transaction template under max_tx_count 1000: ${next.reason_code}`);
        state.policyVersion = applied.version;
      },
      { after: ['Policy: what-if on a stricter draft reports the verdicts that would flip, before Apply'] },
    );

    await steps.run('a viewer cannot apply: no Apply button, and a forced PUT through the proxy is 403', async () => {
      check(viewer, 'no viewer session');
      const before = await stack.get('verifier', '/api/policy');
      const forced = await viewer.request.put(`${base}/api/verifier/policy`, {
        headers: { 'Content-Type': 'text/plain', 'X-CSRF-Token': await csrfToken(viewer) },
        data: draftWith(before.toml, 'max_tx_count', 5).toml,
      });
      check(forced.status() === 403, `a viewer's PUT answered ${forced.status()}`);
      check((await forced.json()).error === 'insufficient_role', 'the refusal is not insufficient_role');
      check((await stack.get('verifier', '/api/policy')).version === before.version, 'the policy changed');
      await openPage(viewer, base, '/policy', { name: 'policy', waitsFor: 'fe-policy', ready: 'policy-readonly' });
      check((await viewer.getByTestId('policy-apply').count()) === 0, 'a viewer sees the Apply button');
    }, { after: ['the admin approves the colleague on the Users page, then makes them a viewer'] });

    // ---- miners ----------------------------------------------------------------------------------------------
    await steps.run("Miners: the test miner's live channel, as the gateway lists it; filter narrows", async () => {
      await openPage(admin, base, '/miners', { name: 'miners', waitsFor: 'fe-miners', ready: 'miner-row' });
      const { channels, count } = await stack.get('gateway', '/api/channels');
      const ids = channels.map((c) => String(c.channel_id));
      const rowIds = await admin.getByTestId('miner-row').evaluateAll((els) => els.map((el) => el.dataset.channelId));
      check(rowIds.length === channels.length && rowIds.every((id) => ids.includes(id)),
        `rows ${rowIds} vs the gateway's channels ${ids}`);
      expectDisplays(await text(admin.getByTestId('miners-count')), count, 'miners count');
      const mine = admin.getByTestId('miner-row').filter({ hasText: MINER }).first();
      await mine.waitFor();
      state.minerChannel = await mine.getAttribute('data-channel-id');
      await shot(admin, 'miners');
      await admin.getByTestId('miners-filter').fill('no-such-miner');
      await eventually('the filter hides every row', async () => (await admin.getByTestId('miner-row').count()) === 0);
      await admin.getByTestId('miners-filter').fill(MINER);
      await mine.waitFor();
      check((await admin.locator('[data-testid^="sort-"]').count()) > 0, 'no sortable column');
    }, { after: ['scripts/rg test-miner keeps a live channel open on the gateway'] });

    await steps.run("Miner detail: the channel's hashrate chart from the gateway's samples", async () => {
      const id = state.minerChannel;
      await admin.locator(`[data-testid="miner-row"][data-channel-id="${id}"]`).click();
      await admin.waitForURL(`**/miners/${id}`);
      await openPage(admin, base, `/miners/${id}`, { name: 'miner', waitsFor: 'fe-miners', ready: 'hashrate-chart' });
      const samples = await stack.direct('gateway', `/api/channels/${id}/hashrate`);
      // The channel is one the gateway listed: a 404 means the route itself is missing.
      if (samples.status === 404) throw new Pending('backend', 'sv2-gateway GET /api/channels/{id}/hashrate');
      check(samples.status === 200, `hashrate answered ${samples.status}`);
      const chart = admin.getByTestId('hashrate-chart');
      // The chart plots the gateway's samples (one every interval_secs, so a new one may land in between).
      await eventually("the chart holds the gateway's samples", async () => {
        const { samples: now } = await stack.get('gateway', `/api/channels/${id}/hashrate`);
        const points = Number(await chart.getAttribute('data-points'));
        return now.length > 0 && Math.abs(points - now.length) <= 1;
      });
      await chart.locator('canvas').first().waitFor();
      await eventually('the identity shown', async () => displays(await text(admin.getByTestId('page-miner')), MINER));
      await shot(admin, 'miner');
    }, { after: ["Miners: the test miner's live channel, as the gateway lists it; filter narrows"] });

    await steps.run("Blocks: the gateway's found blocks (none on the demo feed)", async () => {
      await openPage(admin, base, '/blocks', { name: 'blocks', waitsFor: 'fe-miners', ready: ['blocks-table', 'blocks-empty'] });
      const { count } = await stack.get('gateway', '/api/blocks');
      if (count === 0) await admin.getByTestId('blocks-empty').waitFor();
      else check((await admin.getByTestId('block-row').count()) > 0, `the gateway found ${count} blocks, no row shown`);
      await shot(admin, 'blocks');
    });

    // ---- settings --------------------------------------------------------------------------------------------
    await steps.run("Settings: template-manager's runtime settings edit with validation; the gateway's mode", async () => {
      await openPage(admin, base, '/settings', { name: 'settings', waitsFor: 'fe-policy', ready: 'settings-form' });
      const settings = await stack.get('templates', '/api/settings');
      const form = admin.getByTestId('settings-form');
      for (const key of ['poll_interval_secs', 'refresh_secs', 'verdict_timeout_secs']) {
        const field = form.locator(`[name="${key}"]`);
        await eventually(`${key} shows ${settings[key]}`, async () => Number(await field.inputValue()) === settings[key]);
      }
      const gateway = await stack.get('gateway', '/api/stats');
      expectDisplays(await text(admin.getByTestId('gateway-mode')), gateway.mode, 'gateway mode');
      await part(admin, 'gateway-timers', 'fe-policy');
      const refresh = settings.refresh_secs + 5;
      await form.locator('[name="refresh_secs"]').fill(String(refresh));
      await admin.getByTestId('settings-save').click();
      await admin.getByTestId('settings-saved').waitFor();
      check((await stack.get('templates', '/api/settings')).refresh_secs === refresh, 'template-manager kept the old value');
      await shot(admin, 'settings');
      await form.locator('[name="refresh_secs"]').fill('0');
      await admin.getByTestId('settings-save').click();
      // Refused in the page (the field's rule) or by template-manager (the form's error): either says why.
      const refusal = admin.locator('[data-testid="settings-field-error"][data-field="refresh_secs"]')
        .or(admin.getByTestId('settings-error'));
      await refusal.first().waitFor();
      const refused = await text(refusal.first());
      expectDisplays(refused, 'refresh', 'the refusal names the setting');
      expectDisplays(refused, 3600, 'the refusal gives the allowed range');
      check((await stack.get('templates', '/api/settings')).refresh_secs === refresh, 'an invalid value was applied');
    });

    // ---- looks: tablet and light theme -----------------------------------------------------------------------
    await steps.run('the overview at tablet width, and in the light theme', async () => {
      const tablet = await newPage(browser, TABLET);
      await login(tablet, ADMIN, ADMIN_PASSWORD);
      await openPage(tablet, base, '/', { name: 'overview', waitsFor: 'main', ready: 'tile-verifier' });
      const width = await tablet.evaluate(() => document.documentElement.scrollWidth);
      check(width <= TABLET.width, `the overview scrolls sideways at ${TABLET.width} px (${width} px wide)`);
      await shot(tablet, 'overview-tablet');
      await tablet.context().close();
      await openPage(admin, base, '/', { name: 'overview', waitsFor: 'main', ready: 'tile-verifier' });
      await admin.getByTestId('theme-toggle').click();
      check((await admin.evaluate(() => document.documentElement.dataset.theme)) === 'light', 'no light theme');
      await shot(admin, 'overview-light');
      await admin.getByTestId('theme-toggle').click();
    });

    // ---- a backend goes down ---------------------------------------------------------------------------------
    await steps.run(
      "stopping pool-verifier turns its tile down with its last good data; the pages keep working",
      async () => {
        await openPage(admin, base, '/', { name: 'overview', waitsFor: 'main', ready: 'tile-verifier' });
        const tile = admin.getByTestId('tile-verifier');
        await eventually('tile-verifier up first', async () => (await tile.getAttribute('data-status')) === 'up');
        const pid = await stack.kill('pool-verifier');
        log(`        (killed pool-verifier, pid ${pid})`);
        await eventually('tile-verifier down', async () => (await tile.getAttribute('data-status')) === 'down');
        expectDisplays(await text(tile), 'Verdicts', 'the down tile keeps its last good data');
        await admin.getByTestId('tile-verifier-age').waitFor();
        check((await admin.getByTestId('tile-templates').getAttribute('data-status')) === 'up', 'templates went down too');
        const proxied = await admin.request.get(`${base}/api/verifier/stats`);
        check(proxied.status() === 502, `the proxy answered ${proxied.status()} for a stopped verifier`);
        const body = await proxied.json();
        check(body.error === 'backend_unavailable' && body.service === 'pool-verifier', JSON.stringify(body));
        await admin.getByRole('link', { name: 'Templates' }).click();
        await admin.getByTestId('page-templates').waitFor();
        await admin.getByRole('link', { name: 'Overview' }).click();
        await tile.waitFor();
        check((await tile.getAttribute('data-status')) !== 'up', 'the tile came back up with the verifier stopped');
      },
    );

    // ---- logout ----------------------------------------------------------------------------------------------
    await steps.run('logout ends the session: /api/auth/me is 401 and a page redirects to /login', async () => {
      await admin.getByTestId('account-link').click();
      await admin.getByTestId('logout').click();
      await admin.getByTestId('login-page').waitFor();
      const me = await admin.request.get(`${base}/api/auth/me`);
      check(me.status() === 401, `after logout /api/auth/me answered ${me.status()}`);
      await admin.goto(`${base}/verdicts`);
      await admin.getByTestId('login-page').waitFor();
      check(new URL(admin.url()).pathname === '/login', `a page after logout is at ${admin.url()}`);
    });

    await steps.run('no page threw an uncaught error in the browser', async () => {
      check(pageErrors.length === 0, pageErrors.join('\n'));
    });
  } finally {
    await browser.close();
  }
}

// Stopped from outside (Ctrl-C, the JUnit wrapper's timeout): stop the stack before going.
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    log(`dashboard-e2e: ${signal}, stopping the stack`);
    stack.down().finally(() => process.exit(1));
  });
}

let exitCode = 1;
try {
  await main();
} catch (error) {
  if (!(error instanceof StopRun)) steps.record('the run', 'failed', error.stack ?? String(error));
} finally {
  const passed = steps.summary();
  exitCode = passed ? 0 : 1;
  if (!passed) {
    for (const service of ['rg-dashboard', 'pool-verifier', 'template-manager', 'sv2-gateway', 'rg-auth']) {
      log(`---- ${service} log tail`);
      log(stack.logTail(service, 15));
    }
  }
  if (keep) {
    log(`RG_E2E_KEEP=1: the stack and the test miner run on; RG_STATE_DIR=${stateDir} scripts/rg down stops them`);
  } else {
    await stack.down();
    if (passed && !process.env.RG_E2E_STATE_DIR) rmSync(stateDir, { recursive: true, force: true });
    else log(`stack state kept in ${stateDir}`);
  }
}
process.exit(exitCode);
