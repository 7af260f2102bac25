// Single sign-on in headless Chromium against a real OpenID Provider (tests/oidc/provider.mjs):
//   node sso.mjs FORVALT_URL PROVIDER_NAME
// 1. The login page with the "Logg inn med …" link passes axe; the link is reached with Tab.
// 2. Someone the provider knows but the roster does not ("ukjent") gets the no-access page
//    (axe-checked) and no session; its link logs them out at the provider.
// 3. kari signs in through the provider's own login page and arrives signed in on the home page.
// 4. Logging out ends the session here and, through the provider's logout, there: the next
//    sign-in asks for the password again.

import { start } from './common.mjs';

const [base, provider] = process.argv.slice(2);
const { page, failures, axe, tabTo, pressAndWait, finish } = await start();
const summary = {};

async function providerLogin(account) {
  await page.waitForSelector('input[name=login]');
  await page.fill('input[name=login]', account);
  await page.fill('input[name=password]', 'any password');
  await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
}

// Forvalt's pages settle after the callback's `Refresh` to the return path.
async function settleOn(path) {
  await page.waitForURL((url) => url.toString().startsWith(base) && new URL(url).pathname === path);
  await page.waitForLoadState('load');
}

async function confirmProviderLogout() {
  // oidc-provider's end-session page asks before it logs out.
  await page.waitForSelector('button[value=yes]');
  await Promise.all([page.waitForNavigation(), page.click('button[value=yes]')]);
  await settleOn('/logg-inn');
}

// 1. The login page.
await page.goto(`${base}/logg-inn`);
await axe('login with single sign-on');
const link = await tabTo(new RegExp(`^a#.*Logg inn med ${provider}`));
summary.sso_link = link;
if (!(await page.isVisible('input#password'))) failures.push('the password form is missing');

// 2. Not in the roster: the provider signs "ukjent" in, forvalt refuses.
await pressAndWait('Enter');
if (!page.url().includes('/interaction/')) failures.push(`the link did not lead to the provider: ${page.url()}`);
await providerLogin('ukjent');
await page.waitForLoadState('load');
const refusal = await page.textContent('main');
if (!/Ingen tilgang til Forvalt/.test(refusal) || !/står ikke i personlisten/.test(refusal)) {
  failures.push(`no clear refusal for someone not in the roster: ${refusal}`);
}
await axe('no access');
const cookies = (await page.context().cookies()).map((c) => c.name);
if (cookies.some((c) => c.includes('forvalt_session'))) failures.push('a refused person got a session cookie');
// Log out at the provider to sign in as someone else.
const logoutHref = await page
  .getAttribute(`a:has-text("Logg ut hos ${provider}")`, 'href', { timeout: 5000 })
  .catch(() => null);
if (!logoutHref) {
  failures.push(`no link to log out at the provider on the no-access page: ${refusal}`);
  await finish(summary);
  process.exit(1);
}
await page.goto(logoutHref);
await confirmProviderLogout();

// 3. kari signs in.
await Promise.all([page.waitForNavigation(), page.click(`a:has-text("Logg inn med ${provider}")`)]);
await providerLogin('kari');
await settleOn('/');
const home = await page.textContent('main');
if (!/Hei, kari Testesen/.test(home)) failures.push(`not signed in on the home page: ${home}`);
summary.home = page.url();

// 4. Log out here and at the provider; the next sign-in must ask again.
await Promise.all([page.waitForNavigation(), page.click('header button[type=submit]')]);
await confirmProviderLogout();
await page.goto(`${base}/`);
if (!new URL(page.url()).pathname.startsWith('/logg-inn')) failures.push(`still signed in after logout: ${page.url()}`);
await Promise.all([page.waitForNavigation(), page.click(`a:has-text("Logg inn med ${provider}")`)]);
await page.waitForLoadState('load');
if (!(await page.isVisible('input[name=login]'))) {
  failures.push(`the provider did not ask for the login again after logout: ${page.url()}`);
}

await finish(summary);
