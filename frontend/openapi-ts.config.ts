import { defineConfig } from '@hey-api/openapi-ts';

// The API client is generated, never written by hand: `npm run gen` (scripts/gen-openapi.sh).
// OPENAPI_TS_OUTPUT lets scripts/check-client.mjs regenerate into a temporary folder and compare.
export default defineConfig({
  input: './openapi.json',
  output: {
    path: process.env.OPENAPI_TS_OUTPUT ?? 'src/client',
  },
  plugins: [
    {
      name: '@hey-api/client-fetch',
      // The one place the generated client is configured (base URL, credentials, CSRF, errors).
      runtimeConfigPath: '../api/runtime-config',
    },
    {
      name: '@tanstack/react-query',
      '~hooks': {
        operations: {
          // The invitation lookup is a read that carries its token in the body (never in a URL):
          // give it query options as well, so the page uses generated keys like every other read.
          getKind: (op) => (op.method === 'post' && op.path === '/api/v1/invitations/lookup' ? ['query', 'mutation'] : undefined),
        },
      },
    },
  ],
});
