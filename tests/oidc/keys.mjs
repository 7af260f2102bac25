// Make an RS256 signing key for the test provider and write it as a private JWK set:
//   node keys.mjs out.json KID
// A provider started with another key file signs with another key (rotation, forgery).

import { writeFileSync } from 'node:fs';

import { exportJWK, generateKeyPair } from 'jose';

const [out, kid] = process.argv.slice(2);
if (!out || !kid) {
  console.error('usage: node keys.mjs OUT.json KID');
  process.exit(2);
}
const { privateKey } = await generateKeyPair('RS256', { extractable: true });
const jwk = { ...(await exportJWK(privateKey)), kid, alg: 'RS256', use: 'sig' };
writeFileSync(out, JSON.stringify({ keys: [jwk] }));
console.log(`wrote ${out} (kid ${kid})`);
