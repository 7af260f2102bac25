// HR pages in headless Chromium with the keyboard only: log in, change the level in the report
// form, follow a topic drill-down link, open the follow-up plan; axe-core (WCAG 2.1 A and AA)
// on each page. The database must hold a cycle with enough completed tests for shown cells (the
// demo history).
//
// Usage: node hr.mjs <base-url> <employee-id> <password> [report path, default /hr]

import { start } from './common.mjs';

const [base, employeeId, password, reportPath = '/hr'] = process.argv.slice(2);
if (!base || !employeeId || !password) {
  console.error('usage: node hr.mjs <base-url> <employee-id> <password>');
  process.exit(2);
}

const b = await start();
const { page } = b;
let shownCells = 0;
try {
  await b.login(base, employeeId, password);
  await page.goto(`${base}${reportPath || '/hr'}`);
  await b.axe('hr');
  // Choose level 3 with the keyboard and submit the plain GET form.
  await b.tabTo(/^select#niva/);
  await page.keyboard.press('End');
  await b.tabTo(/^button.*Vis/);
  await b.pressAndWait('Enter');
  if (!/niva=3/.test(page.url())) b.failures.push(`the level form did not submit level 3: ${page.url()}`);
  await b.axe('hr level 3');
  shownCells = await page.locator('table a[href*="/hr/tema/"]').count();
  if (shownCells === 0) throw new Error('no drill-down links: every cell is suppressed');
  // Follow the first drill-down link by keyboard.
  let found = false;
  for (let i = 0; i < 600 && !found; i++) {
    await page.keyboard.press('Tab');
    found = await page.evaluate(() => (document.activeElement?.getAttribute('href') ?? '').includes('/hr/tema/'));
  }
  if (!found) throw new Error('Tab never reached a drill-down link');
  await b.pressAndWait('Enter');
  if (!/\/hr\/tema\//.test(page.url())) b.failures.push(`Enter on a drill-down link went to ${page.url()}`);
  await b.axe('drill-down');
  await page.goto(`${base}/hr/oppfolging`);
  await b.axe('follow-up plan');
} catch (e) {
  b.failures.push(`error: ${e.stack ?? e}`);
}
await b.finish({ drill_links: shownCells });
