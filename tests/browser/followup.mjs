// The completion follow-up pages in headless Chromium: log in, open each page given, and run
// axe-core (WCAG 2.1 A and AA) on it; every page must answer 200.
//
// Usage: node followup.mjs <base-url> <employee-id> <password> <path>...

import { start } from './common.mjs';

const [base, employeeId, password, ...paths] = process.argv.slice(2);
if (!base || !employeeId || !password || paths.length === 0) {
  console.error('usage: node followup.mjs <base-url> <employee-id> <password> <path>...');
  process.exit(2);
}

const b = await start();
const { page } = b;
try {
  await b.login(base, employeeId, password);
  for (const path of paths) {
    const response = await page.goto(`${base}${path}`);
    if (response.status() !== 200) b.failures.push(`${path}: HTTP ${response.status()}`);
    await b.axe(path);
  }
} catch (e) {
  b.failures.push(`error: ${e.stack ?? e}`);
}
await b.finish({ pages: paths.length });
