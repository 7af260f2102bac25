// axe-core (WCAG 2.1 A and AA rules) on the author area: overview, item page (with the fit plot),
// law changes (the registration form, also with its error messages) and calibration proposal,
// plus keyboard access to the law-change forms.
//
// Usage: node author.mjs <base-url> <employee-id> <password> <item-id> [running|ended]
// Started by tests/author_browser.rs. Exits non-zero on any violation or failure.
//
// With `running` (a calibration job runs on the server): the calibration page shows its progress
// and passes axe, with no refresh; its opt-in self-refreshing variant (?auto=1) passes axe too and
// sends a `Refresh` header (reported in the summary): the reader turned it on and can turn it off
// (WCAG 2.2.1).
// With `ended` (the job has finished): only the calibration page, then a new job is started from
// it with the keyboard alone.

import { start } from './common.mjs';

const [base, employeeId, password, itemId, job] = process.argv.slice(2);
if (!base || !employeeId || !password || !itemId) {
  console.error('usage: node author.mjs <base-url> <employee-id> <password> <item-id>');
  process.exit(2);
}

const b = await start();
const { page, failures } = b;
const summary = {};
try {
  await b.login(base, employeeId, password);
  if (job === 'ended') {
    await page.goto(`${base}/forfatter/kalibrering`);
    if (!(await page.content()).includes('role="status"')) failures.push('no job outcome shown');
    await b.axe('calibration after a job');
    await b.tabTo(/^button#?\[type=submit\] Start kalibrering/, 60);
    await b.pressAndWait('Enter');
    if (!page.url().endsWith('/forfatter/kalibrering')) failures.push(`start did not return to the page: ${page.url()}`);
    await b.axe('calibration after a start from the keyboard');
    await b.finish(summary);
    process.exit(0);
  }
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

  // The registration form with a wrong ledd, typed with the keyboard: the messages pass axe too.
  await page.goto(`${base}/forfatter/lovendringer`);
  await b.tabTo(/^input#paragraf/, 60);
  await page.keyboard.type('17');
  await b.tabTo(/^input#ledd/);
  await page.keyboard.type('null');
  await b.tabTo(/^input#dato/);
  await page.keyboard.type('2026-11-10');
  await b.pressAndWait('Enter');
  if (!(await page.$('input#ledd[aria-invalid=true]'))) failures.push('the wrong ledd is not marked');
  await b.axe('law registration with errors');

  if (job === 'running') {
    const plain = await page.goto(`${base}/forfatter/kalibrering`);
    if (plain.headers()['refresh']) failures.push('refreshes without being asked');
    const body = await page.content();
    if (!/EM-runde \d+ av høyst \d+/.test(body)) failures.push('no progress on the calibration page');
    if (body.includes('http-equiv="refresh"')) failures.push('refreshes without being asked');
    await b.axe('calibration while a job runs');
    const auto = await page.goto(`${base}/forfatter/kalibrering?auto=1`);
    summary.auto_refresh = auto.headers()['refresh'] ?? null;
    await b.axe('calibration with the opt-in refresh');
  }
} catch (e) {
  failures.push(`error: ${e.stack ?? e}`);
}
await b.finish(summary);
