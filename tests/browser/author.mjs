// axe-core (WCAG 2.1 A and AA rules) on the author area: overview, item page (with the fit plot),
// law changes and calibration proposal, plus keyboard access to the law-change form.
//
// Usage: node author.mjs <base-url> <employee-id> <password> <item-id>
// Started by tests/author_browser.rs. Exits non-zero on any violation or failure.

import { chromium } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';

const [base, employeeId, password, itemId] = process.argv.slice(2);
if (!base || !employeeId || !password || !itemId) {
  console.error('usage: node author.mjs <base-url> <employee-id> <password> <item-id>');
  process.exit(2);
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
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

  await page.goto(`${base}/logg-inn`);
  await page.fill('#employee_id', employeeId);
  await page.fill('#password', password);
  await Promise.all([page.waitForNavigation(), page.press('#password', 'Enter')]);

  for (const [name, path] of [
    ['overview', '/forfatter'],
    ['item', `/forfatter/oppgaver/${itemId}`],
    ['law changes', '/forfatter/lovendringer'],
    ['calibration', '/forfatter/kalibrering'],
  ]) {
    const response = await page.goto(`${base}${path}`);
    if (response.status() !== 200) failures.push(`${name}: HTTP ${response.status()}`);
    await axe(name);
  }
  if (!(await page.goto(`${base}/forfatter/oppgaver/${itemId}`)) || !(await page.$('svg[role=img]'))) {
    failures.push('item page: no fit plot');
  }

  // The law-change form with the keyboard alone: Tab to the first radio, Space, submit.
  await page.goto(`${base}/forfatter/lovendringer`);
  let reached = false;
  for (let i = 0; i < 40 && !reached; i++) {
    await page.keyboard.press('Tab');
    reached = await page.evaluate(() => document.activeElement?.id === 'handling-utkast');
  }
  if (!reached) failures.push('Tab never reached the first radio of the law-change form');
  await page.keyboard.press('Space');
  await page.keyboard.press('Tab');
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  if (!page.url().includes('endret=')) failures.push(`law form did not submit: ${page.url()}`);
  await axe('law changes after the action');
} catch (e) {
  failures.push(String(e?.stack ?? e));
} finally {
  await browser.close();
}

console.log(JSON.stringify({ checked, violations: failures.length }));
if (failures.length) {
  for (const f of failures) console.error(f);
  process.exit(1);
}
