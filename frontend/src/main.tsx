import './styles/base.css';
import './styles/app.css';

import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';

import { createQueryClient } from './api/queryClient';
import { setupApiClient } from './api/setup';
import { App } from './App';
import { registerServiceWorker } from './features/offline/register';
import { initI18n } from './i18n';

setupApiClient();
initI18n();
// Installable, opens offline (docs/offline.md); production builds only.
registerServiceWorker();

const root = document.getElementById('root');
if (!root) throw new Error('#root missing from index.html');
createRoot(root).render(
  <StrictMode>
    <App queryClient={createQueryClient()} />
  </StrictMode>,
);
