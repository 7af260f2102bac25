// A whole test in nynorsk, keyboard only, in headless Chromium: log in, switch the målform to
// nynorsk on the home page, take the test and read the result, with axe-core (WCAG 2.1 A and
// AA rules) on every page, and each page checked to be in nynorsk (<html lang="nn">, the items'
// nynorsk text).
//
// Usage: node nynorsk.mjs <base-url> <employee-id> <password>
// Started by tests/nynorsk_browser.rs against a server with tests/fixtures/bank-nn, whose items
// all have a nynorsk form. Exits non-zero on any violation or failure.

import { start } from './common.mjs';

const [base, employeeId, password] = process.argv.slice(2);
if (!base || !employeeId || !password) {
  console.error('usage: node nynorsk.mjs <base-url> <employee-id> <password>');
  process.exit(2);
}

const b = await start();
const { page } = b;
let items = 0;

async function expectNynorsk(name, text) {
  const lang = await page.locator('html').getAttribute('lang');
  if (lang !== 'nn') b.failures.push(`${name}: <html lang="${lang}">, not nn`);
  const body = (await page.locator('body').textContent()) ?? '';
  if (text && !text.test(body)) b.failures.push(`${name}: no ${text} in the page`);
}

try {
  await b.login(base, employeeId, password);
  await b.axe('home (bokmål)');

  // The målform switch: Tab into the radio group (focus on the checked "bokmål"), ArrowDown
  // selects "nynorsk", Tab to the button, Enter.
  await b.tabTo(/^input#malform-nb\[type=radio\]/);
  await page.keyboard.press('ArrowDown');
  const chosen = await page.locator('input#malform-nn:checked').count();
  if (chosen !== 1) throw new Error('the keyboard did not select nynorsk');
  await b.tabTo(/^button.*Lagre målform/);
  await b.pressAndWait('Enter');
  await expectNynorsk('home', /Testane dine/);
  await b.axe('home');

  await b.tabTo(/^button.*Start testen/);
  await b.pressAndWait('Enter');
  while (!page.url().endsWith('/resultat')) {
    await expectNynorsk(`item ${items + 1}`, /kva for eit svar er rett\?/);
    await b.axe(`item ${items + 1}`);
    await b.tabTo(/^input#svar-0\[type=radio\]/);
    // The first item is answered A (wrong in the fixture), the others B (right).
    if (items > 0) await page.keyboard.press('ArrowDown');
    else await page.keyboard.press('Space');
    if ((await page.locator('input[type=radio]:checked').count()) !== 1) {
      throw new Error(`no option selected by keyboard on ${page.url()}`);
    }
    await b.tabTo(/^button.*Svar/);
    await b.pressAndWait('Enter');
    items += 1;
    if (items > 20) throw new Error('the test did not end after 20 items');
  }
  await expectNynorsk('result', /Spørsmåla du svara feil på/);
  await b.axe('result');
  const heading = await page.locator('h1').textContent();
  if (!/Resultatet ditt/.test(heading ?? '')) b.failures.push(`unexpected result heading: ${heading}`);
  const explanation = (await page.locator('section.missed').first().textContent()) ?? '';
  if (!/er rett etter lova/.test(explanation)) b.failures.push(`the explanation is not in nynorsk: ${explanation}`);
} catch (e) {
  b.failures.push(`error: ${e.stack ?? e}`);
}
await b.finish({ items });
