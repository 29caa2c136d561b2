import type { CreateClientConfig } from '../client/client.gen';

// Read by the generated client when it is created (runtimeConfigPath in openapi-ts.config.ts).
export const createClientConfig: CreateClientConfig = (config) => ({
  ...config,
  baseUrl: '',
  credentials: 'same-origin',
});
