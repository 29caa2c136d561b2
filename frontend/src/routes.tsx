import { lazy, Suspense, type ReactNode } from 'react';
import { Navigate, type RouteObject } from 'react-router';

import { RequirePermission } from './auth/RequirePermission';
import { RequireSession } from './auth/session';
import { AppShell } from './layout/AppShell';
import { AcceptInvitationPage } from './pages/AcceptInvitationPage';
import { AuditPage } from './pages/AuditPage';
import { ForgotPasswordPage } from './pages/ForgotPasswordPage';
import { ResetPasswordPage } from './pages/ResetPasswordPage';
import { HomePage } from './pages/HomePage';
import { MembersPage } from './pages/MembersPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { OrganisationsPage } from './pages/OrganisationsPage';
import { SecurityPage } from './pages/SecurityPage';
import { SignInPage } from './pages/SignInPage';
import { TokensPage } from './pages/TokensPage';
import { WebhooksPage } from './pages/WebhooksPage';
import { Spinner } from './components/Spinner';

// Phase 2 screens: code-split so the initial bundle stays small.
const CasesPage = lazy(() => import('./pages/cases/CasesPage'));
const CaseEditorPage = lazy(() => import('./pages/cases/CaseEditorPage'));
const ImportReportPage = lazy(() => import('./pages/cases/ImportReportPage'));
const ReviewQueuePage = lazy(() => import('./pages/review/ReviewQueuePage'));
const ReviewCasePage = lazy(() => import('./pages/review/ReviewCasePage'));
const PackagesPage = lazy(() => import('./pages/packages/PackagesPage'));
const CasePackagesPage = lazy(() => import('./pages/packages/CasePackagesPage'));
const AnalyticsPage = lazy(() => import('./features/analytics/AnalyticsPage'));

function split(element: ReactNode): ReactNode {
  return <Suspense fallback={<Spinner label="…" />}>{element}</Suspense>;
}

function gated(permission: string, element: ReactNode): ReactNode {
  return <RequirePermission permission={permission}>{element}</RequirePermission>;
}

/** Every screen of the portal. */
export const routes: RouteObject[] = [
  { path: '/signin', element: <SignInPage /> },
  { path: '/forgot-password', element: <ForgotPasswordPage /> },
  { path: '/reset-password', element: <ResetPasswordPage /> },
  { path: '/invitations/accept', element: <AcceptInvitationPage /> },
  {
    element: <RequireSession />,
    children: [
      {
        element: <AppShell />,
        children: [
          { index: true, element: <HomePage /> },
          { path: 'cases', element: gated('cases:read', split(<CasesPage />)) },
          { path: 'cases/:caseId', element: gated('cases:read', split(<CaseEditorPage />)) },
          { path: 'cases/:caseId/import-report', element: gated('cases:write', split(<ImportReportPage />)) },
          { path: 'review', element: gated('review', split(<ReviewQueuePage />)) },
          { path: 'review/:caseId', element: gated('review', split(<ReviewCasePage />)) },
          { path: 'packages', element: gated('packages:read', split(<PackagesPage />)) },
          { path: 'packages/:caseId', element: gated('packages:read', split(<CasePackagesPage />)) },
          { path: 'analytics', element: gated('cases:read', split(<AnalyticsPage />)) },
          { path: 'orgs/:orgId/members', element: gated('members:manage', <MembersPage />) },
          { path: 'tokens', element: gated('tokens:manage', <TokensPage />) },
          { path: 'webhooks', element: gated('webhooks:manage', <WebhooksPage />) },
          { path: 'admin', element: <Navigate to="/admin/organisations" replace /> },
          { path: 'admin/organisations', element: gated('orgs:manage', <OrganisationsPage />) },
          { path: 'admin/audit', element: gated('audit:read', <AuditPage />) },
          { path: 'account/security', element: <SecurityPage /> },
          { path: '*', element: <NotFoundPage /> },
        ],
      },
    ],
  },
];
