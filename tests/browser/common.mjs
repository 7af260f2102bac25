// Shared by the browser scripts: launching Chromium, axe-core checks (WCAG 2.1 A and AA rules)
// and keyboard helpers. A script collects failures and calls `finish` at the end.

import { chromium } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';

export async function start() {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    // Playwright gives every launch a fresh temporary profile (the user data dir).
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
  });
  const context = await browser.newContext();
  const page = await context.newPage();
  const failures = [];
  const checked = [];

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

  // Log in through the form with the keyboard only, checking the skip link comes first.
  async function login(base, employeeId, password) {
    await page.goto(`${base}/logg-inn`);
    await axe('login');
    const skip = await tabTo(/^a#/);
    if (!/Hopp til hovedinnholdet|Hopp til hovudinnhaldet|Gå til hovedindholdet/.test(skip)) failures.push(`the first Tab stop is not the skip link: ${skip}`);
    await tabTo(/^input#employee_id/);
    await page.keyboard.type(employeeId);
    await tabTo(/^input#password/);
    await page.keyboard.type(password);
    await pressAndWait('Enter');
  }

  async function finish(summary) {
    await browser.close();
    if (failures.length > 0) {
      console.error(failures.join('\n'));
      process.exit(1);
    }
    console.log(JSON.stringify({ ...summary, pages_checked: checked, violations: failures.length }));
  }

  return { page, failures, axe, focused, tabTo, pressAndWait, login, finish };
}
