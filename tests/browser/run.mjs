// Keyboard-only run through a whole adaptive test in headless Chromium, with axe-core checks
// (WCAG 2.1 A and AA rules) on the login, home, item and result pages.
//
// Usage: node run.mjs <base-url> <employee-id> <password>
// Started by tests/web_browser.rs against a server it runs in-process. Exits non-zero on any
// violation or failure, printing what went wrong.

import { chromium } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';

const [base, employeeId, password] = process.argv.slice(2);
if (!base || !employeeId || !password) {
  console.error('usage: node run.mjs <base-url> <employee-id> <password>');
  process.exit(2);
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  // Playwright gives every launch a fresh temporary profile (the user data dir).
  args: [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
  ],
});
const failures = [];
const checked = [];

try {
  const context = await browser.newContext();
  const page = await context.newPage();

  async function axe(name) {
    const result = await new AxeBuilder({ page })
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
      .analyze();
    checked.push(name);
    for (const v of result.violations) {
      failures.push(`${name}: ${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    }
  }

  // What has keyboard focus, described for matching and for error messages.
  async function focused() {
    return page.evaluate(() => {
      const e = document.activeElement;
      if (!e) return '';
      return `${e.tagName.toLowerCase()}#${e.id}[type=${e.getAttribute('type') ?? ''}] ${(e.textContent ?? '').trim()}`;
    });
  }

  // Press Tab until the focused element matches `pattern`.
  async function tabTo(pattern, limit = 30) {
    for (let i = 0; i < limit; i++) {
      await page.keyboard.press('Tab');
      const now = await focused();
      if (pattern.test(now)) return now;
    }
    throw new Error(`Tab never reached ${pattern} (last: ${await focused()}) on ${page.url()}`);
  }

  async function pressAndWait(key) {
    await Promise.all([page.waitForNavigation(), page.keyboard.press(key)]);
  }

  await page.goto(`${base}/logg-inn`);
  await axe('login');
  const skip = await tabTo(/^a#/);
  if (!/Hopp til hovedinnholdet/.test(skip)) failures.push(`the first Tab stop is not the skip link: ${skip}`);
  await tabTo(/^input#employee_id/);
  await page.keyboard.type(employeeId);
  await tabTo(/^input#password/);
  await page.keyboard.type(password);
  await pressAndWait('Enter');

  await axe('home');
  await tabTo(/^button.*Start testen/);
  await pressAndWait('Enter');

  let items = 0;
  while (!page.url().endsWith('/resultat')) {
    if (items === 0) await axe('item');
    // Tab into the radio group (focus lands on the first option), Space selects it; on every
    // other item, ArrowDown moves to and selects the next option instead.
    await tabTo(/^input#svar-0\[type=radio\]/);
    if (items % 2 === 0) {
      await page.keyboard.press('Space');
    } else {
      await page.keyboard.press('ArrowDown');
    }
    const chosen = await page.locator('input[type=radio]:checked').count();
    if (chosen !== 1) throw new Error(`no option selected by keyboard on ${page.url()}`);
    await tabTo(/^button.*Svar/);
    await pressAndWait('Enter');
    items += 1;
    if (items > 60) throw new Error('the test did not end after 60 items');
  }
  await axe('result');
  const heading = await page.locator('h1').textContent();
  if (!/Resultatet ditt/.test(heading ?? '')) failures.push(`unexpected result heading: ${heading}`);
  console.log(JSON.stringify({ items, pages_checked: checked, violations: failures.length }));
} catch (e) {
  failures.push(`error: ${e.stack ?? e}`);
} finally {
  await browser.close();
}

if (failures.length > 0) {
  console.error(failures.join('\n'));
  process.exit(1);
}
