// Assertions for a live page: values on screen are compared with what the services answer directly, so they are
// read as numbers the way a person reads them ("4,127", "97.3%", "1.20 kH/s"), and waited for, since every page
// polls or streams.
import { Pending } from './steps.mjs';

// Generous: on a loaded 2-core machine an Argon2 registration or a page's first poll can take many seconds. The
// waits catch hangs, not slowness.
export const TIMEOUT = 45_000;

/** Retries `probe` until it returns a truthy value (returned) or the time is up (its last error is thrown). */
export async function eventually(what, probe, timeout = TIMEOUT) {
  const deadline = Date.now() + timeout;
  let last = null;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value;
      last = null;
    } catch (error) {
      last = error;
    }
    if (Date.now() >= deadline) {
      throw new Error(`${what}: not within ${timeout} ms${last ? `: ${last.message}` : ''}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

export function check(condition, message) {
  if (!condition) throw new Error(message);
}

const SUFFIX = { k: 1e3, K: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18 };

/** Every number in a text with its displayed precision, thousands separators removed ("−" counts as minus). */
export function numbersIn(text) {
  const plain = text.replace(/\u2212/g, '-').replace(/(\d),(?=\d{3}\b)/g, '$1');
  return [...plain.matchAll(/(-?\d+(?:\.(\d+))?)\s?(%|[kKMGTPE](?=H\/s|\b|\s))?/g)].map((m) => ({
    value: Number(m[1]),
    decimals: m[2] ? m[2].length : 0,
    unit: m[3] ?? '',
  }));
}

/**
 * True when `text` shows `expected`: a number within the rounding of how it is displayed (as is, as a
 * percentage of a fraction, or with an SI suffix), or a boolean / string as words. `ignoreSign` for deltas, which
 * a page may show as "+1,234" / "-1,234" or in words ("1,234 less").
 */
export function displays(text, expected, { ignoreSign = false } = {}) {
  if (typeof expected === 'boolean') {
    const words = expected ? /\b(true|yes|on|enabled)\b/i : /\b(false|no|off|disabled)\b/i;
    return words.test(text);
  }
  // innerText applies text-transform ("ADMIN" for admin), so words compare without case.
  if (typeof expected === 'string') return text.toLowerCase().includes(expected.toLowerCase());
  return numbersIn(text).some(({ value, decimals, unit }) => {
    const shown = unit === '%' ? value / 100 : value * (SUFFIX[unit] ?? 1);
    const scale = unit === '%' ? 0.01 : (SUFFIX[unit] ?? 1);
    const rounding = 0.5 * 10 ** -decimals * scale + 1e-9 * Math.max(1, Math.abs(expected));
    const difference = ignoreSign ? Math.abs(Math.abs(shown) - Math.abs(expected)) : Math.abs(shown - expected);
    return difference <= rounding;
  });
}

export function expectDisplays(text, expected, what, options = {}) {
  check(displays(text, expected, options), `${what}: expected the page to show ${JSON.stringify(expected)}, it shows "${text}"`);
}

/**
 * Opens a route and waits for its page root and the element that carries its data. A page that is still the
 * "Coming next" placeholder (or lacks its root) is Pending on the branch that builds it.
 */
export async function openPage(page, base, path, { name, waitsFor, ready }) {
  await page.goto(`${base}${path}`);
  const root = page.getByTestId(`page-${name}`);
  try {
    await root.waitFor({ timeout: TIMEOUT });
  } catch {
    throw new Pending(waitsFor, `the ${name} page (${path}, data-testid=page-${name})`);
  }
  const targets = Array.isArray(ready) ? ready : [ready];
  const data = targets.map((id) => page.getByTestId(id)).reduce((a, b) => a.or(b));
  // The shell's placeholders say "Coming next."; the pre-issue Settings page "... coming next."
  const placeholder = root.getByText(/coming next/i);
  await data.or(placeholder).first().waitFor({ timeout: TIMEOUT });
  if ((await data.count()) === 0 && (await placeholder.count()) > 0) {
    throw new Pending(waitsFor, `the ${name} page (${path} is still the placeholder)`);
  }
  return root;
}

/** The testid's first element, which must exist on the page (a missing one is Pending on `waitsFor`). */
export async function part(page, testId, waitsFor, timeout = TIMEOUT) {
  const locator = page.getByTestId(testId).first();
  try {
    await locator.waitFor({ timeout });
  } catch {
    throw new Pending(waitsFor, `data-testid=${testId} on ${new URL(page.url()).pathname}`);
  }
  return locator;
}

/** What a person reads: innerText, so table cells stay apart ("4 s ago 900,000", not "4 s ago900,000"). */
export async function text(locator) {
  return (await locator.innerText({ timeout: TIMEOUT })).replace(/\s+/g, ' ').trim();
}
