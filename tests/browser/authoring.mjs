// Authors in the browser (issue 17), with the keyboard alone: author A writes a new klage item
// (an unknown act is refused first, then a preview), sends it to review; author B approves it and
// retires an old klage item; caseworker C then takes a test. axe-core (WCAG 2.1 A and AA) on
// every new page on the way.
//
// Usage: node authoring.mjs <base-url> <password>
// Started by tests/authoring_browser.rs (users aud, bea, ola; the small fixture bank in which
// every test takes every active klage item). Prints the new item's id and the caseworker's
// test URL as JSON; exits non-zero on any violation or failure.

import { start } from './common.mjs';

const [base, password] = process.argv.slice(2);
if (!base || !password) {
  console.error('usage: node authoring.mjs <base-url> <password>');
  process.exit(2);
}

const b = await start();
const { page, failures } = b;
let item = '';
let test = '';

async function typeInto(pattern, text) {
  await b.tabTo(pattern, 80);
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type(text);
}

async function logout() {
  await page.context().clearCookies();
}

try {
  // Author A writes the item.
  await b.login(base, 'aud', password);
  await page.goto(`${base}/forfatter/oppgaver/ny?tema=klage`);
  await b.axe('new item form');
  await typeInto(/^textarea#sporsmal/, 'Skrevet i nettleseren: hvem avgjør en klage som ikke tas til følge?');
  await typeInto(/^input#alternativ-0/, 'Den samme saksbehandleren');
  await typeInto(/^input#alternativ-1/, 'Klageinstansen');
  await typeInto(/^input#alternativ-2/, 'Parten');
  await typeInto(/^input#alternativ-3/, 'Ingen');
  // Into the key's radio group (focus on A), ArrowDown selects B.
  await b.tabTo(/^input#fasit-0\[type=radio\]/, 40);
  await page.keyboard.press('ArrowDown');
  if ((await page.locator('input#fasit-1:checked').count()) !== 1) failures.push('the key B was not selected by keyboard');
  await typeInto(/^textarea#forklaring/, 'Underinstansen sender saken til klageinstansen når den ikke omgjør (B).');
  // A reference: act from the list (typing its first letters picks it), section, ledd. Section
  // "x" is not a section: refused at the references.
  await b.tabTo(/^select#hjemmel-0-lov/, 40);
  await page.keyboard.type('forv');
  await typeInto(/^input#hjemmel-0-paragraf/, 'x');
  await b.tabTo(/^button.*Lagre utkast/, 40);
  const refused = page.waitForNavigation();
  await page.keyboard.press('Enter');
  const response = await refused;
  if (response?.status() !== 422) failures.push(`a bad section was not refused: HTTP ${response?.status()}`);
  if ((await page.locator('#melding-references').count()) !== 1) failures.push('no message at the references field');
  await b.axe('refused item form');

  await typeInto(/^input#hjemmel-0-paragraf/, '28');
  await b.tabTo(/^select#hjemmel-0-ledd/, 10);
  await page.keyboard.press('ArrowDown');
  const ledd = await page.locator('select#hjemmel-0-ledd').inputValue();
  if (ledd !== 'første') failures.push(`the ledd was not chosen by keyboard: ${ledd}`);
  await b.tabTo(/^button.*Forhåndsvis/, 80);
  await b.pressAndWait('Enter');
  if (!(await page.locator('h2#forhandsvisning').count())) failures.push('no preview');
  await b.axe('preview');
  await b.tabTo(/^button.*Lagre utkast/, 80);
  await b.pressAndWait('Enter');
  const saved = page.url().match(/\/forfatter\/oppgaver\/([^/]+)\/arbeid/);
  if (!saved) throw new Error(`not saved: ${page.url()}: ${await page.locator('main').textContent()}`);
  item = saved[1];
  await b.axe('draft page');
  await b.tabTo(/^button.*Send til gjennomgang/, 40);
  await b.pressAndWait('Enter');
  await b.axe('page in review (own change)');
  if (await page.locator('button', { hasText: 'Godkjenn' }).count()) failures.push('the author is offered to approve their own change');

  // Author B approves it and retires an old klage item.
  await logout();
  await b.login(base, 'bea', password);
  await page.goto(`${base}/forfatter/oppgaver/${item}/arbeid`);
  await b.axe('page in review (other author)');
  await b.tabTo(/^button.*Godkjenn og publiser/, 60);
  await b.pressAndWait('Enter');
  const status = await page.locator('[role=status]').textContent();
  if (!/godkjent/.test(status ?? '')) failures.push(`not approved: ${status}`);
  await b.axe('published item with history');
  await page.goto(`${base}/forfatter/oppgaver/kla-001/arbeid`);
  await typeInto(/^input#grunn/, 'Erstattet av oppgaven skrevet i nettleseren');
  await b.tabTo(/^button.*Sett som utgått/, 20);
  await b.pressAndWait('Enter');
  await b.axe('retired item');
  await page.goto(`${base}/forfatter/oppgaver/kla-001/rediger`);
  await b.axe('edit form');

  // A caseworker takes a new test.
  await logout();
  await b.login(base, 'ola', password);
  await b.tabTo(/^button.*Start testen/);
  await b.pressAndWait('Enter');
  test = new URL(page.url()).pathname;
  let n = 0;
  while (!page.url().endsWith('/resultat')) {
    await b.tabTo(/^input#svar-0\[type=radio\]/);
    await page.keyboard.press('Space');
    await b.tabTo(/^button.*Svar/);
    await b.pressAndWait('Enter');
    if (++n > 60) throw new Error('the test did not end after 60 items');
  }
} catch (e) {
  failures.push(`error: ${e.stack ?? e}`);
}
await b.finish({ item, test });
