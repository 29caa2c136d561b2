import { fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';

import { createQueryClient } from '../../api/queryClient';
import { setupApiClient } from '../../api/setup';
import { client } from '../../client/client.gen';
import { initI18n } from '../../i18n';
import ImportReportPage from '../../pages/cases/ImportReportPage';
import { jsonResponse } from '../../test/render';
import { ImportFromWord } from './ImportFromWord';
import { exportUrl, templateLang, type ImportReportState } from './word';

const REPORT: ImportReportState = {
  title: 'Gromov',
  report: {
    mapping_version: 1,
    mode: 'mapped',
    converted_from: null,
    paragraphs: 12,
    tables: 3,
    placements: [{ path: 'perpetrators[0].name', source: 'table', where: 'table 1, row 1', label: 'Full name' }],
    needs_review: [{ kind: 'unparsed_date', path: 'perpetrators[0].birth_date', text: 'in the sixties', where: 'table 1, row 2', message: 'not a date' }],
    unmapped_blocks: 2,
    images: [{ where: 'paragraph 4', filename: 'image1.png', media_type: 'image/png', evidence_id: 'ev1', label: 'E-1', error: null }],
    external_links: [{ kind: 'hyperlink', target: 'https://example.org' }],
    embedded_objects: [],
  },
};

function renderRoutes(initial: { pathname: string; state?: unknown }) {
  setupApiClient();
  client.setConfig({ baseUrl: 'http://portal.test' });
  initI18n('en');
  const router = createMemoryRouter(
    [
      { path: '/cases', element: <ImportFromWord /> },
      { path: '/cases/:caseId/import-report', element: <ImportReportPage /> },
    ],
    { initialEntries: [initial] },
  );
  render(
    <QueryClientProvider client={createQueryClient()}>
      <RouterProvider router={router} />
    </QueryClientProvider>,
  );
  return router;
}

afterEach(() => vi.unstubAllGlobals());

describe('Word in, Word out', () => {
  it('picks the template language from the interface language', () => {
    expect(templateLang('fr')).toBe('fr');
    expect(templateLang('ar-EG')).toBe('ar');
    expect(templateLang('de')).toBe('en');
    expect(exportUrl('c 1', 'es', 'own_use')).toBe('/api/v1/cases/c%201/export.docx?lang=es&purpose=own_use');
  });

  it('uploads the document and shows the placement report', async () => {
    const fetchMock = vi.fn(async (request: Request) => {
      expect(request.url).toBe('http://portal.test/api/v1/cases/import');
      expect(request.method).toBe('POST');
      return jsonResponse({ case: { id: 'case-9', title: 'Gromov' }, report: REPORT.report }, 201);
    });
    vi.stubGlobal('fetch', fetchMock);
    const router = renderRoutes({ pathname: '/cases' });
    expect(screen.getByRole('link', { name: 'Blank case-file template (Word)' }).getAttribute('href')).toBe(
      '/api/v1/templates/case-file.docx?lang=en',
    );
    const file = new File(['PK'], 'gromov.docx', { type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' });
    fireEvent.change(screen.getByLabelText('Document (.docx or .odt)'), { target: { files: [file] } });
    fireEvent.submit(screen.getByRole('button', { name: 'Import' }).closest('form') as HTMLFormElement);
    await waitFor(() => expect(fetchMock).toHaveBeenCalledTimes(1));
    await waitFor(() => expect(router.state.location.pathname).toBe('/cases/case-9/import-report'));
    expect(await screen.findByText('Date not understood')).toBeTruthy();
    expect(screen.getByText('Fields placed (1)')).toBeTruthy();
    expect(screen.getByText(/E-1: added as evidence/)).toBeTruthy();
    expect(screen.getByText(/2 blocks of text were kept/)).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Open the draft' }).getAttribute('href')).toBe('/cases/case-9');
  });

  it('says the report is shown once when it is opened again later', () => {
    renderRoutes({ pathname: '/cases/case-9/import-report' });
    expect(screen.getByText('The import report is shown once, right after the import.')).toBeTruthy();
  });
});
