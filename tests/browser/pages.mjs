// axe-core (WCAG 2.1 A and AA) on a list of pages as one signed-in person, each page checked to
// be in the expected language (<html lang>). For the report, leader and admin pages in nynorsk
// and Danish (tests/hr_texts.rs); the keyboard walks are in the other scripts.
//
// Usage: node pages.mjs <base-url> <employee-id> <password> <lang> <path>...
// Exits non-zero on any violation, a wrong language or a page that is not 200.

import { start } from './common.mjs';

const [base, employeeId, password, lang, ...paths] = process.argv.slice(2);
if (!base || !employeeId || !password || !lang || paths.length === 0) {
  console.error('usage: node pages.mjs <base-url> <employee-id> <password> <lang> <path>...');
  process.exit(2);
}

const b = await start();
const { page } = b;
try {
  await b.login(base, employeeId, password);
  for (const path of paths) {
    const response = await page.goto(`${base}${path}`);
    if (response?.status() !== 200) b.failures.push(`${path}: HTTP ${response?.status()}`);
    const found = await page.locator('html').getAttribute('lang');
    if (found !== lang) b.failures.push(`${path}: <html lang="${found}">, not ${lang}`);
    await b.axe(path);
  }
} catch (e) {
  b.failures.push(`error: ${e.stack ?? e}`);
}
await b.finish({ pages: paths.length });
