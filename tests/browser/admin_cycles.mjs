// The admin pages in headless Chromium with the keyboard only: log in, create a cycle by typing
// into the form and pressing Enter, see the confirmation, open the settings, search people,
// paste a roster and see its preview (not applied); axe-core (WCAG 2.1 A and AA) on each page.
//
// Usage: node admin_cycles.mjs <base-url> <employee-id> <password>

import { start } from './common.mjs';

const [base, employeeId, password] = process.argv.slice(2);
if (!base || !employeeId || !password) {
  console.error('usage: node admin_cycles.mjs <base-url> <employee-id> <password>');
  process.exit(2);
}

const b = await start();
const { page } = b;
let created = false;
try {
  await b.login(base, employeeId, password);
  await page.goto(`${base}/admin`);
  await b.axe('admin');
  await b.tabTo(/^a#.*Sykluser/);
  await b.pressAndWait('Enter');
  if (!/\/admin\/sykluser$/.test(page.url())) b.failures.push(`the cycles link went to ${page.url()}`);
  await b.axe('cycles');
  // Type a new cycle with the keyboard only (date inputs take typed digits).
  await b.tabTo(/^input#ny-navn/, 60);
  await page.keyboard.type('Nettleser-syklus');
  await b.tabTo(/^input#ny-apner/);
  await page.keyboard.type('01012030');
  await b.tabTo(/^input#ny-frist/);
  await page.keyboard.type('02022030');
  await b.pressAndWait('Enter');
  created = (await page.locator('#melding').count()) > 0;
  if (!created) b.failures.push(`no confirmation after creating: ${page.url()} ${await page.content()}`);
  await b.axe('cycles after create');
  // A refusal: the deadline before the opening.
  await b.tabTo(/^input#ny-navn/, 80);
  await page.keyboard.type('Feil');
  await b.tabTo(/^input#ny-apner/);
  await page.keyboard.type('02022030');
  await b.tabTo(/^input#ny-frist/);
  await page.keyboard.type('01012030');
  await b.pressAndWait('Enter');
  if ((await page.locator('#feil').count()) === 0) b.failures.push('no refusal shown');
  await b.axe('cycles refusal');
  await page.goto(`${base}/admin/innstillinger`);
  await b.axe('settings');
  // People: search by typing and Enter.
  await page.goto(`${base}/admin/personer`);
  await b.axe('people');
  await b.tabTo(/^input#q/, 40);
  await page.keyboard.type('kari');
  await b.pressAndWait('Enter');
  if (!page.url().includes('q=kari')) b.failures.push(`the search went to ${page.url()}`);
  await b.axe('people search');
  // Roster: type a roster into the text area, send it with the keyboard, see the preview.
  await page.goto(`${base}/admin/roster`);
  await b.axe('roster');
  await b.tabTo(/^textarea#roster/, 40);
  await page.keyboard.type('employee_id,name,email,department,role\nadam,Adam Admin,adam@etat.test,Etat,admin\nny1,Nora Ny,nora@etat.test,Etat/Team 1,caseworker\n');
  await b.tabTo(/^button/, 10);
  await b.pressAndWait('Enter');
  if (!(await page.content()).includes('Bruk endringene')) {
    b.failures.push(`no roster preview: ${page.url()} ${(await page.content()).slice(0, 2000)}`);
  }
  await b.axe('roster preview');
} catch (e) {
  b.failures.push(`error: ${e.stack ?? e}`);
}
await b.finish({ created });
