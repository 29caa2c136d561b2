import { useQuery } from '@tanstack/react-query';
import { createContext, useContext, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, Outlet, useLocation } from 'react-router';

import { ApiError } from '../api/errors';
import { getMeOptions } from '../client/@tanstack/react-query.gen';
import type { MeOut } from '../client/types.gen';
import { ProblemAlert } from '../components/ProblemAlert';
import { Spinner } from '../components/Spinner';
import { MfaGate } from './MfaGate';

const MeContext = createContext<MeOut | null>(null);

/** The signed-in person (GET /api/v1/me); only available below <RequireSession>. */
export function useMe(): MeOut {
  const me = useContext(MeContext);
  if (!me) throw new Error('useMe() used outside <RequireSession>');
  return me;
}

export function can(me: MeOut, permission: string): boolean {
  return me.permissions.includes(permission);
}

export function MeProvider({ me, children }: { me: MeOut; children: ReactNode }) {
  return <MeContext.Provider value={me}>{children}</MeContext.Provider>;
}

/** Layout route: renders its children for a signed-in person, sends others to the sign-in page. */
export function RequireSession() {
  const { t } = useTranslation();
  const location = useLocation();
  const me = useQuery(getMeOptions());
  if (me.isPending) return <Spinner label={t('common.loading')} />;
  if (me.isError) {
    if (me.error instanceof ApiError && me.error.status === 401) {
      const next = location.pathname + location.search;
      return <Navigate to={`/signin${next && next !== '/' ? `?next=${encodeURIComponent(next)}` : ''}`} replace />;
    }
    return (
      <main className="page page--narrow" id="main">
        <ProblemAlert error={me.error} />
      </main>
    );
  }
  if (me.data.mfa_required) return <MfaGate me={me.data} />;
  return (
    <MeProvider me={me.data}>
      <Outlet />
    </MeProvider>
  );
}
