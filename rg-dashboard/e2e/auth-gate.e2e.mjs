// The dashboard's auth gate in a real browser (Debian's chromium, driven by playwright-core), against a running
// dashboard and rg-auth: register, follow the emailed link, admin approval, login, the Users page, logout.
//
// Environment: DASHBOARD_URL (http://127.0.0.1:8084), AUTH_LOG (rg-auth's output, where dev-mode emails are
// printed as [email-stub] lines), ADMIN_EMAIL (rg-auth's VELDRA_AUTH_ADMIN_EMAIL), SCREENSHOTS (optional directory).
// Exits 0 when every step passed; otherwise prints the failing step and exits 1.
import { chromium } from 'playwright-core';
import { readFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

const base = required('DASHBOARD_URL');
const authLog = required('AUTH_LOG');
const admin = required('ADMIN_EMAIL');
const screenshots = process.env.SCREENSHOTS;
const colleague = `colleague.${Date.now()}@pool.example`;
const adminPassword = 'browser admin passphrase';
const colleaguePassword = 'browser colleague passphrase';
const TIMEOUT = 20_000;

function required(name) {
  const value = process.env[name];
  if (!value) {
    console.error(`e2e: ${name} must be set`);
    process.exit(2);
  }
  return value;
}

/** The newest [email-stub] email to `to` whose subject contains `subject`, once it is printed. */
async function awaitEmail(to, subject) {
  const deadline = Date.now() + TIMEOUT;
  while (Date.now() < deadline) {
    const emails = [];
    let current = null;
    for (const line of readFileSync(authLog, 'utf8').split('\n')) {
      if (!line.startsWith('[email-stub] ')) continue;
      const text = line.slice('[email-stub] '.length);
      if (text.startsWith('To: ')) {
        current = { to: text.slice(4), subject: '', body: [] };
        emails.push(current);
      } else if (current && text.startsWith('Subject: ') && !current.subject) {
        current.subject = text.slice(9);
      } else if (current) {
        current.body.push(text);
      }
    }
    const match = emails.filter((e) => e.to.toLowerCase() === to.toLowerCase() && e.subject.includes(subject)).pop();
    if (match) return match;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`no email to ${to} with subject containing "${subject}" within ${TIMEOUT} ms`);
}

function linkIn(email) {
  const link = email.body.map((line) => line.match(/https?:\/\/\S+/)).find(Boolean);
  if (!link) throw new Error(`no link in the email to ${email.to}`);
  return link[0];
}

async function shot(page, name) {
  if (!screenshots) return;
  mkdirSync(screenshots, { recursive: true });
  await page.screenshot({ path: join(screenshots, `${name}.png`), fullPage: true });
}

async function register(page, email, password) {
  await page.goto(`${base}/register`);
  await page.getByTestId('field-email').fill(email);
  await page.getByTestId('field-password').fill(password);
  await page.getByTestId('field-confirm').fill(password);
  await page.getByTestId('register-submit').click();
  await page.getByTestId('register-done').waitFor({ timeout: TIMEOUT });
}

async function login(page, email, password) {
  await page.goto(`${base}/login`);
  await page.getByTestId('field-email').fill(email);
  await page.getByTestId('field-password').fill(password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('user-email').waitFor({ timeout: TIMEOUT });
}

async function expectText(locator, expected, what) {
  const text = (await locator.textContent({ timeout: TIMEOUT })) ?? '';
  if (!text.includes(expected)) throw new Error(`${what}: expected "${expected}", got "${text}"`);
}

// launch() gives the browser a fresh temporary profile of its own (the fresh user data dir chromium needs here).
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
let step = 'start';
try {
  const adminContext = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await adminContext.newPage();

  step = 'an anonymous visit lands on the login page';
  await page.goto(`${base}/`);
  await page.getByTestId('login-page').waitFor({ timeout: TIMEOUT });
  await shot(page, 'login');

  step = 'the bootstrap admin registers';
  await register(page, admin, adminPassword);
  await shot(page, 'register-done');

  step = 'the emailed link verifies the admin, active at once';
  await page.goto(linkIn(await awaitEmail(admin, 'Verify')));
  await page.getByTestId('verify-active').waitFor({ timeout: TIMEOUT });

  step = 'a wrong password says only invalid credentials';
  await page.goto(`${base}/login`);
  await page.getByTestId('field-email').fill(admin);
  await page.getByTestId('field-password').fill('not the admin passphrase');
  await page.getByTestId('login-submit').click();
  await expectText(page.getByTestId('form-error'), 'invalid credentials', 'login error');

  step = 'the admin logs in';
  await login(page, admin, adminPassword);
  await expectText(page.getByTestId('user-role'), 'admin', 'role shown');
  await shot(page, 'overview');

  step = 'a colleague registers and follows the link: pending';
  const colleagueContext = await browser.newContext({ viewport: { width: 1024, height: 768 } });
  const other = await colleagueContext.newPage();
  await register(other, colleague, colleaguePassword);
  await other.goto(linkIn(await awaitEmail(colleague, 'Verify')));
  await other.getByTestId('verify-pending').waitFor({ timeout: TIMEOUT });
  await shot(other, 'verify-pending');

  step = 'the admin approves the colleague on the Users page';
  await page.goto(`${base}/users`);
  await page.getByTestId('page-users').waitFor({ timeout: TIMEOUT });
  const row = page.locator(`[data-email="${colleague}"]`);
  await row.waitFor({ timeout: TIMEOUT });
  await shot(page, 'users');
  const id = (await row.getAttribute('data-testid')).replace('user-row-', '');
  await page.getByTestId(`approve-${id}`).click();
  await row.waitFor({ state: 'detached', timeout: TIMEOUT });

  step = 'the colleague logs in as a viewer and sees no Users page';
  await login(other, colleague, colleaguePassword);
  await expectText(other.getByTestId('user-role'), 'viewer', 'colleague role');
  if ((await other.locator('a[href="/users"]').count()) !== 0) throw new Error('a viewer sees the Users link');

  step = 'logout ends the session';
  await other.getByTestId('account-link').click();
  await other.getByTestId('logout').click();
  await other.getByTestId('login-page').waitFor({ timeout: TIMEOUT });
  const me = await other.request.get(`${base}/api/auth/me`);
  if (me.status() !== 401) throw new Error(`after logout /api/auth/me answered ${me.status()}`);

  console.log('e2e: every step passed');
} catch (error) {
  console.error(`e2e: FAILED at "${step}": ${error.message}`);
  process.exitCode = 1;
} finally {
  await browser.close();
}
