// axe-core (WCAG 2.1 A and AA rules) on the author area: overview, item page (with the fit plot),
// law changes and calibration proposal, plus keyboard access to the law-change form.
//
// Usage: node author.mjs <base-url> <employee-id> <password> <item-id>
// Started by tests/author_browser.rs. Exits non-zero on any violation or failure.

import { start } from './common.mjs';

const [base, employeeId, password, itemId] = process.argv.slice(2);
if (!base || !employeeId || !password || !itemId) {
  console.error('usage: node author.mjs <base-url> <employee-id> <password> <item-id>');
  process.exit(2);
}

const b = await start();
const { page, failures } = b;
try {
  await b.login(base, employeeId, password);
  for (const [name, path] of [
    ['overview', '/forfatter'],
    ['item', `/forfatter/oppgaver/${itemId}`],
    ['law changes', '/forfatter/lovendringer'],
    ['calibration', '/forfatter/kalibrering'],
  ]) {
    const response = await page.goto(`${base}${path}`);
    if (response.status() !== 200) failures.push(`${name}: HTTP ${response.status()}`);
    await b.axe(name);
  }
  if (!(await page.goto(`${base}/forfatter/oppgaver/${itemId}`)) || !(await page.$('svg[role=img]'))) {
    failures.push('item page: no fit plot');
  }

  // The law-change form with the keyboard alone: Tab to the first radio, Space, submit.
  await page.goto(`${base}/forfatter/lovendringer`);
  await b.tabTo(/^input#handling-utkast/, 40);
  await page.keyboard.press('Space');
  await page.keyboard.press('Tab');
  await b.pressAndWait('Enter');
  if (!page.url().includes('endret=')) failures.push(`law form did not submit: ${page.url()}`);
  await b.axe('law changes after the action');
} catch (e) {
  failures.push(`error: ${e.stack ?? e}`);
}
await b.finish({});
