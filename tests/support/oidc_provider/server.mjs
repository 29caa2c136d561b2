// A real OpenID Provider (panva/oidc-provider) for the portal's tests. Test use only.
//
// Config: JSON in argv[2], or env OIDC_TEST_CONFIG, or {} —
//   { "clients":  [{"client_id", "client_secret", "redirect_uris": [...]}],
//     "accounts": {"<id>": {"email", "email_verified", "name"}},
//     "id_token_ttl": 3600 }
// Prints one JSON line {"issuer": "http://127.0.0.1:PORT"} on stdout once it accepts requests.
//
// Login is non-interactive: the authorization request's `login_hint` (an account id or its
// e-mail) picks the account, and every requested scope/claim is granted. An unknown or missing
// hint ends the request with `error=access_denied` at the redirect_uri.
//
// Test-only control endpoint (loopback): POST /__test/config with {"accounts"?: {...},
// "id_token_ttl"?: n} replaces the accounts and/or the ID token lifetime at run time.
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import http from 'node:http';

import Provider from 'oidc-provider';

const raw = process.argv[2] ?? process.env.OIDC_TEST_CONFIG ?? '{}';
const config = JSON.parse(raw);
let accounts = config.accounts ?? {};
let idTokenTtl = Number(config.id_token_ttl ?? 3600);

// A fresh signing key per run: nothing secret is ever stored in the repository.
const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const signingKey = { ...privateKey.export({ format: 'jwk' }), kid: randomUUID(), use: 'sig', alg: 'RS256' };

function findAccountId(hint) {
  if (!hint) return undefined;
  if (Object.hasOwn(accounts, hint)) return hint;
  const lower = String(hint).toLowerCase();
  return Object.keys(accounts).find((id) => String(accounts[id].email ?? '').toLowerCase() === lower);
}

// Listen first: the issuer must carry the real port chosen by the OS.
const server = http.createServer();
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const issuer = `http://127.0.0.1:${server.address().port}`;

const provider = new Provider(issuer, {
  clients: (config.clients ?? []).map((c) => ({
    client_id: c.client_id,
    client_secret: c.client_secret,
    redirect_uris: c.redirect_uris,
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: c.token_endpoint_auth_method ?? 'client_secret_basic',
  })),
  jwks: { keys: [signingKey] },
  async findAccount(_ctx, id) {
    const account = accounts[id];
    if (!account) return undefined;
    return {
      accountId: id,
      async claims() {
        return {
          sub: id,
          email: account.email,
          email_verified: Boolean(account.email_verified),
          name: account.name,
        };
      },
    };
  },
  claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
  // Default `true` keeps scope-granted claims (email) out of the ID token when an access token
  // is also issued; the portal reads e-mail from the verified ID token only.
  conformIdTokenClaims: false,
  pkce: { required: () => true },
  features: { devInteractions: { enabled: false } },
  interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
  ttl: { IdToken: () => idTokenTtl },
  // Keep test output quiet and deterministic.
  renderError(ctx, out) {
    ctx.type = 'json';
    ctx.body = out;
  },
});

// Finish every interaction at once (login and consent together): the client only follows redirects.
provider.use(async (ctx, next) => {
  const match = /^\/interaction\/([^/]+)$/.exec(ctx.path);
  if (!match || ctx.method !== 'GET') return next();

  const details = await provider.interactionDetails(ctx.req, ctx.res);
  const { prompt, params } = details;
  const accountId =
    prompt.name === 'login' ? findAccountId(params.login_hint) : details.session?.accountId;
  ctx.respond = false; // interactionFinished writes the 303 itself
  if (!accountId) {
    await provider.interactionFinished(
      ctx.req,
      ctx.res,
      { error: 'access_denied', error_description: 'no test account matches login_hint' },
      { mergeWithLastSubmission: false },
    );
    return undefined;
  }

  const grant = details.grantId
    ? await provider.Grant.find(details.grantId)
    : new provider.Grant({ accountId, clientId: params.client_id });
  grant.addOIDCScope(String(params.scope ?? 'openid'));
  const missing = prompt.details ?? {};
  if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
  for (const [indicator, scopes] of Object.entries(missing.missingResourceScopes ?? {})) {
    grant.addResourceScope(indicator, scopes.join(' '));
  }
  const grantId = await grant.save();

  const result = { consent: { grantId } };
  if (prompt.name === 'login') result.login = { accountId };
  await provider.interactionFinished(ctx.req, ctx.res, result, { mergeWithLastSubmission: true });
  return undefined;
});

const callback = provider.callback();

server.on('request', (req, res) => {
  if (req.url === '/__test/config' && req.method === 'POST') {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      try {
        const update = JSON.parse(body || '{}');
        if (update.accounts) accounts = update.accounts;
        if (update.id_token_ttl !== undefined) idTokenTtl = Number(update.id_token_ttl);
        res.writeHead(204).end();
      } catch (err) {
        res.writeHead(400, { 'content-type': 'text/plain' }).end(String(err));
      }
    });
    return;
  }
  callback(req, res);
});

process.on('SIGTERM', () => server.close(() => process.exit(0)));
process.stdout.write(`${JSON.stringify({ issuer })}\n`);
