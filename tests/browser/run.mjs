// Keyboard-only run through a whole adaptive test in headless Chromium, with axe-core checks
// (WCAG 2.1 A and AA rules) on the login, home, item and result pages.
//
// Usage: node run.mjs <base-url> <employee-id> <password>
// Started by tests/web_browser.rs against a server it runs in-process. Exits non-zero on any
// violation or failure, printing what went wrong.

import { start } from './common.mjs';

const [base, employeeId, password] = process.argv.slice(2);
if (!base || !employeeId || !password) {
  console.error('usage: node run.mjs <base-url> <employee-id> <password>');
  process.exit(2);
}

const b = await start();
const { page } = b;
let items = 0;
try {
  await b.login(base, employeeId, password);
  await b.axe('home');
  await b.tabTo(/^button.*Start testen/);
  await b.pressAndWait('Enter');

  while (!page.url().endsWith('/resultat')) {
    if (items === 0) await b.axe('item');
    // Tab into the radio group (focus lands on the first option), Space selects it; on every
    // other item, ArrowDown moves to and selects the next option instead.
    await b.tabTo(/^input#svar-0\[type=radio\]/);
    if (items % 2 === 0) {
      await page.keyboard.press('Space');
    } else {
      await page.keyboard.press('ArrowDown');
    }
    const chosen = await page.locator('input[type=radio]:checked').count();
    if (chosen !== 1) throw new Error(`no option selected by keyboard on ${page.url()}`);
    await b.tabTo(/^button.*Svar/);
    await b.pressAndWait('Enter');
    items += 1;
    if (items > 60) throw new Error('the test did not end after 60 items');
  }
  await b.axe('result');
  const heading = await page.locator('h1').textContent();
  if (!/Resultatet ditt/.test(heading ?? '')) b.failures.push(`unexpected result heading: ${heading}`);
} catch (e) {
  b.failures.push(`error: ${e.stack ?? e}`);
}
await b.finish({ items });
