// Sign ID tokens with a test provider's key (jose), for the cases a correct provider never
// issues through its token endpoint (a token for another client, with another nonce, for
// another issuer). forvalt's ID-token check is run on them directly.
//   node mint.mjs keys.json '[{"iss": "...", "aud": "...", ...}, ...]'
// Prints one compact JWS a line, in the order of the claim sets. A claim set with "alg":
// "none" is printed unsigned; "exp" and "iat" are taken as given (seconds since 1970).

import { readFileSync } from 'node:fs';

import { importJWK, SignJWT, UnsecuredJWT } from 'jose';

const [keysFile, claimsJson] = process.argv.slice(2);
const { keys: [jwk] } = JSON.parse(readFileSync(keysFile, 'utf8'));
const key = await importJWK(jwk, 'RS256');
for (const { alg, ...claims } of JSON.parse(claimsJson)) {
  if (alg === 'none') {
    console.log(new UnsecuredJWT(claims).encode());
  } else {
    console.log(await new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: jwk.kid, typ: 'JWT' })
      .sign(key));
  }
}
