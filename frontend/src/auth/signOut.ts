import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';

import { logoutMutation, getMeQueryKey } from '../client/@tanstack/react-query.gen';
import type { MeOut } from '../client/types.gen';
import { draftStore, draftUser } from '../features/drafts/store';

/**
 * Ends the session (POST /auth/logout), forgets every cached answer and this person's drafts kept on
 * this device (features/drafts/store.ts) and goes to the sign-in page,
 * whether or not the API answered. `state` is handed to the sign-in page (e.g. `{ signedOut: true }`).
 */
export function useSignOut(state?: { signedOut?: boolean }) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const logout = useMutation(logoutMutation());
  const signOut = () =>
    logout.mutate(
      {},
      {
        onSettled: () => {
          // Drafts kept on this device for this person go with the session.
          const me = queryClient.getQueryData<MeOut>(getMeQueryKey());
          const forget = me ? draftStore().clearUser(draftUser(me)) : Promise.resolve();
          void forget
            .catch(() => undefined)
            .finally(() => {
              queryClient.clear();
              void navigate('/signin', { replace: true, state });
            });
        },
      },
    );
  return { signOut, pending: logout.isPending };
}
