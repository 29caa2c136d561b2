import { QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { createMemoryRouter, RouterProvider } from 'react-router';

import { createQueryClient } from '../api/queryClient';
import { setupApiClient } from '../api/setup';
import { client } from '../client/client.gen';
import { initI18n } from '../i18n';

/** Renders one screen with the real providers (query client, i18n, router); fetch is stubbed by the test. */
export function renderScreen(ui: ReactElement, { path = '/', route = '/' }: { path?: string; route?: string } = {}) {
  setupApiClient();
  // Node's Request needs absolute URLs; the browser build uses same-origin relative ones.
  client.setConfig({ baseUrl: 'http://portal.test' });
  initI18n('en');
  const queryClient = createQueryClient();
  const router = createMemoryRouter(
    [
      { path, element: ui },
      { path: '*', element: <p>elsewhere</p> },
    ],
    { initialEntries: [route] },
  );
  return { queryClient, router, ...render(<QueryClientProvider client={queryClient}><RouterProvider router={router} /></QueryClientProvider>) };
}

export function jsonResponse(body: unknown, status = 200, contentType = 'application/json'): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': contentType } });
}
