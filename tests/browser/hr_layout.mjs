// The HR pages' layout in headless Chromium: no horizontal overflow at 1280 and 390 px wide
// (the heatmap scales to the page), and /hr and /hr/oppfolging printed to A4 PDF: the page
// count, and every topic column of the heatmap and every column of the tables inside the
// printed page width. axe-core (WCAG 2.1 A and AA) on each page at 1280 px.
//
// Usage: node hr_layout.mjs <base-url> <employee-id> <password> <query> <pdf-dir>

import { start } from './common.mjs';

const [base, employeeId, password, query, pdfDir] = process.argv.slice(2);
if (!base || !employeeId || !password || query === undefined || !pdfDir) {
  console.error('usage: node hr_layout.mjs <base-url> <employee-id> <password> <query> <pdf-dir>');
  process.exit(2);
}

const b = await start();
const { page } = b;
const pages = {};
const widths = {};
try {
  await b.login(base, employeeId, password);
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 });
    for (const path of ['/hr', '/hr/oppfolging', '/hr/gjennomforing']) {
      await page.goto(`${base}${path}?${query}`);
      if (width === 1280) await b.axe(path);
      const { scroll, client, svgRight } = await page.evaluate(() => ({
        scroll: document.documentElement.scrollWidth,
        client: document.documentElement.clientWidth,
        svgRight: Math.max(0, ...[...document.querySelectorAll('.heatmap svg')].map((s) => s.getBoundingClientRect().right)),
      }));
      widths[`${path}@${width}`] = scroll;
      if (scroll > client) {
        const culprits = await page.evaluate((client) => [...document.querySelectorAll('body *')]
          .filter((e) => e.getBoundingClientRect().right > client + 1 && !e.closest('.wide'))
          .slice(0, 4).map((e) => `${e.tagName.toLowerCase()}.${e.className}#${e.id}`), client);
        b.failures.push(`${path} overflows at ${width} px: ${scroll} > ${client} (${culprits.join(', ')})`);
      }
      if (svgRight > client) b.failures.push(`${path}: the heatmap is cut off at ${width} px (${svgRight} > ${client})`);
      // Every label lies inside the heatmap (long topic names are rotated).
      const outside = await page.evaluate(() => [...document.querySelectorAll('.heatmap svg')].flatMap((svg) => {
        const box = svg.getBoundingClientRect();
        return [...svg.querySelectorAll('text')].filter((t) => {
          const r = t.getBoundingClientRect();
          return r.top < box.top - 1 || r.left < box.left - 1 || r.right > box.right + 1;
        }).map((t) => t.textContent.trim());
      }));
      for (const o of outside) b.failures.push(`${path} at ${width} px: label outside the heatmap: ${o}`);
    }
  }
  // Print: A4 landscape (the page's @page rule: 297 mm less 2 × 10 mm margins = 1047 px at
  // 96 px per inch), in print media.
  await page.setViewportSize({ width: 1047, height: 740 });
  for (const [name, path] of [['hr', '/hr'], ['oppfolging', '/hr/oppfolging']]) {
    await page.goto(`${base}${path}?${query}`);
    await page.emulateMedia({ media: 'print' });
    const pdf = await page.pdf({ path: `${pdfDir}/${name}.pdf`, preferCSSPageSize: true, printBackground: true });
    // Every heatmap topic label and every table header cell lies within the page's width.
    const cut = await page.evaluate(() => {
      const width = document.documentElement.clientWidth;
      const out = [];
      for (const e of document.querySelectorAll('.heatmap svg text, table th')) {
        const r = e.getBoundingClientRect();
        if (r.width > 0 && r.right > width + 1) out.push(`${e.textContent.trim()} (${Math.round(r.right)} > ${width})`);
      }
      return out;
    });
    for (const c of cut) b.failures.push(`${path} printed: cut off: ${c}`);
    pages[name] = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
    await page.emulateMedia({ media: 'screen' });
  }
} catch (e) {
  b.failures.push(`error: ${e.stack ?? e}`);
}
await b.finish({ pages, widths });
