// A whole test in Danish, keyboard only, in headless Chromium, on the shipped Danish bank: log
// in, start the test, answer every item and read the result, with axe-core (WCAG 2.1 A and AA
// rules) on every page, and each page checked to be Danish (<html lang="da">, Danish texts, no
// målform switch).
//
// Usage: node danish.mjs <base-url> <employee-id> <password>
// Started by tests/danish_edition.rs. Exits non-zero on any violation or failure.

import { start } from './common.mjs';

const [base, employeeId, password] = process.argv.slice(2);
if (!base || !employeeId || !password) {
  console.error('usage: node danish.mjs <base-url> <employee-id> <password>');
  process.exit(2);
}

const b = await start();
const { page } = b;
let items = 0;

async function expectDanish(name, text) {
  const lang = await page.locator('html').getAttribute('lang');
  if (lang !== 'da') b.failures.push(`${name}: <html lang="${lang}">, not da`);
  const body = (await page.locator('body').textContent()) ?? '';
  if (text && !text.test(body)) b.failures.push(`${name}: no ${text} in the page`);
}

try {
  await b.login(base, employeeId, password);
  await expectDanish('home', /Dine test/);
  if ((await page.locator('input[name=malform]').count()) !== 0) {
    b.failures.push('home: a målform switch in a Danish installation');
  }
  await b.axe('home');

  await b.tabTo(/^button.*Start testen/);
  await b.pressAndWait('Enter');
  while (!page.url().endsWith('/resultat')) {
    await expectDanish(`item ${items + 1}`, /Spørgsmål \d+/);
    await b.axe(`item ${items + 1}`);
    // Always the first option: some answers are wrong, so the result lists missed items.
    await b.tabTo(/^input#svar-0\[type=radio\]/);
    await page.keyboard.press('Space');
    if ((await page.locator('input[type=radio]:checked').count()) !== 1) {
      throw new Error(`no option selected by keyboard on ${page.url()}`);
    }
    await b.tabTo(/^button.*Svar/);
    await b.pressAndWait('Enter');
    items += 1;
    if (items > 40) throw new Error('the test did not end after 40 items');
  }
  await expectDanish('result', /De spørgsmål, du svarede forkert på/);
  await b.axe('result');
  const heading = await page.locator('h1').textContent();
  if (!/Dit resultat/.test(heading ?? '')) b.failures.push(`unexpected result heading: ${heading}`);
  const links = await page.locator('section.missed a[href^="https://www.retsinformation.dk/eli/"]').count();
  if (links === 0) b.failures.push('no reference on the result page links to Retsinformation');
} catch (e) {
  b.failures.push(`error: ${e.stack ?? e}`);
}
await b.finish({ items });
