// A real OpenID Provider (panva's oidc-provider, OpenID-certified) on a loopback port, for
// forvalt's single sign-on tests (tests/sso_oidc.rs).
//
//   node provider.mjs --port 4100 --issuer http://localhost:4100 --keys keys.json \
//        --client-id forvalt --client-secret s3cret \
//        --redirect-uri http://127.0.0.1:8080/logg-inn/sso/retur \
//        --post-logout-uri http://127.0.0.1:8080/logg-inn \
//        [--group kari=forvalt-hr] [--claims-in-id-token]
//
// Accounts: the development login page accepts any account id with any password. The account
// id is the subject (`sub`) and `preferred_username`; `employeeId` is the account id in upper
// case (so matching an employee id without regard to case is exercised); `groups` are the
// --group values given for that account. With --claims-in-id-token the scope claims are put in
// the ID token (as Entra ID and ID-porten do); without it they are only at the userinfo
// endpoint, as the specification has it for the code flow.
//
// The signing keys are the private JWKs in --keys (written by keys.mjs), so a test can start
// a provider with other keys on the same address (key rotation, a forged signature).
// Consent is given by the provider itself for the one (first-party) client. Prints
// `ready <issuer>` when it listens; stops on SIGTERM or when its standard input closes.

import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

import Provider from 'oidc-provider';

const args = process.argv.slice(2);
function option(name, fallback) {
  const i = args.indexOf(`--${name}`);
  if (i === -1) {
    if (fallback === undefined) {
      console.error(`provider.mjs: --${name} is required`);
      process.exit(2);
    }
    return fallback;
  }
  return args[i + 1];
}
function options(name) {
  return args.flatMap((a, i) => (a === `--${name}` ? [args[i + 1]] : []));
}

const port = Number(option('port'));
const issuer = option('issuer');
const keys = JSON.parse(readFileSync(option('keys'), 'utf8'));
const clientId = option('client-id');
const clientSecret = option('client-secret');
const redirectUri = option('redirect-uri');
const postLogoutUri = option('post-logout-uri');
const claimsInIdToken = args.includes('--claims-in-id-token');
const groups = new Map();
for (const pair of options('group')) {
  const [account, group] = pair.split('=');
  groups.set(account, [...(groups.get(account) ?? []), group]);
}

const configuration = {
  clients: [{
    client_id: clientId,
    client_secret: clientSecret,
    redirect_uris: [redirectUri],
    post_logout_redirect_uris: [postLogoutUri],
    response_types: ['code'],
    grant_types: ['authorization_code'],
    token_endpoint_auth_method: 'client_secret_basic',
  }],
  jwks: keys,
  pkce: { required: () => true },
  conformIdTokenClaims: !claimsInIdToken,
  claims: {
    openid: ['sub'],
    profile: ['name', 'preferred_username'],
    email: ['email'],
    employee: ['employeeId'],
    groups: ['groups'],
  },
  scopes: ['openid', 'profile', 'email', 'employee', 'groups'],
  cookies: { keys: ['forvalt-test-provider-cookie-key'] },
  async findAccount(ctx, id) {
    return {
      accountId: id,
      async claims() {
        return {
          sub: id,
          preferred_username: id,
          name: `Test ${id}`,
          email: `${id}@etat.test`,
          employeeId: id.toUpperCase(),
          groups: groups.get(id) ?? [],
        };
      },
    };
  },
  // The one client is first-party: consent is implied (as an agency's own application is
  // configured in Entra ID with admin consent).
  async loadExistingGrant(ctx) {
    const grantId = ctx.oidc.result?.consent?.grantId
      || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) {
      return ctx.oidc.provider.Grant.find(grantId);
    }
    const grant = new ctx.oidc.provider.Grant({
      clientId: ctx.oidc.client.clientId,
      accountId: ctx.oidc.session.accountId,
    });
    grant.addOIDCScope(configuration.scopes.join(' '));
    await grant.save();
    return grant;
  },
  features: {
    devInteractions: { enabled: true },
    rpInitiatedLogout: { enabled: true },
  },
};

const provider = new Provider(issuer, configuration);
// Plain HTTP on loopback: the provider must not insist on TLS for its own cookies.
provider.proxy = false;

const server = createServer(provider.callback());
// A request Node's HTTP parser refuses never reaches the provider: say why on stderr.
server.on('clientError', (err, socket) => {
  console.error(`provider.mjs: client error ${err.code}: ${err.message} ${err.rawPacket ?? ''}`);
  socket.destroy();
});
server.listen(port, '127.0.0.1', () => {
  console.log(`ready ${issuer}`);
});

function stop() {
  server.close();
  server.closeAllConnections?.();
  process.exit(0);
}
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
// The test holds our standard input open; when the test process ends, so do we.
process.stdin.on('end', stop);
process.stdin.on('close', stop);
process.stdin.resume();
