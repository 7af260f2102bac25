// axe-core (WCAG 2.1 A and AA, the rules of common.mjs) on a list of pages as one kind of caller,
// all in one Chromium session: the pages of the access matrix (tests/axe_every_page.rs).
//
// Usage: node every_page.mjs <base-url> <plan.json>
// The plan: { "employee_id": "kari" | null, "password": "…", "lang": "nb", "pages": [
//   { "name": "…", "path": "/…", "status": 200, "html": null | "/file/with/the/answer.html" } ] }
// Without an employee id the pages are visited signed out. A page with `html` is the answer to
// a form the test posted: the browser is given that answer at the form's URL (so the page's
// stylesheet and links resolve as in the real answer); the others are visited and must answer
// with `status`, not redirected. Exits non-zero on any violation, a wrong status, address or
// language; prints the names of the pages checked.

import { readFileSync } from 'node:fs';
import { start } from './common.mjs';

const [base, planFile] = process.argv.slice(2);
if (!base || !planFile) {
  console.error('usage: node every_page.mjs <base-url> <plan.json>');
  process.exit(2);
}
const plan = JSON.parse(readFileSync(planFile, 'utf8'));

const b = await start();
const { page } = b;
try {
  if (plan.employee_id) await b.login(base, plan.employee_id, plan.password);
  for (const entry of plan.pages) {
    const url = `${base}${entry.path}`;
    let response;
    if (entry.html) {
      const body = readFileSync(entry.html, 'utf8');
      await page.route(url, (route) =>
        route.fulfill({ status: entry.status, contentType: 'text/html; charset=utf-8', body }));
      response = await page.goto(url);
      await page.unroute(url);
    } else {
      response = await page.goto(url);
    }
    // A lost session would show the login page (200) instead: the page must be the one asked for.
    if (page.url() !== url) b.failures.push(`${entry.name}: shown at ${page.url()}, not ${url}`);
    if (response?.status() !== entry.status) {
      b.failures.push(`${entry.name}: HTTP ${response?.status()}, not ${entry.status}`);
    }
    const found = await page.locator('html').getAttribute('lang');
    if (found !== plan.lang) b.failures.push(`${entry.name}: <html lang="${found}">, not ${plan.lang}`);
    await b.axe(entry.name);
  }
} catch (e) {
  b.failures.push(`error: ${e.stack ?? e}`);
}
await b.finish({ caller: plan.employee_id ?? 'anonymous', pages: plan.pages.length });
