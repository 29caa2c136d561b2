import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';

import { logoutApiV1AuthLogoutPostMutation } from '../client/@tanstack/react-query.gen';

/**
 * Ends the session (POST /auth/logout), forgets every cached answer and goes to the sign-in page,
 * whether or not the API answered. `state` is handed to the sign-in page (e.g. `{ signedOut: true }`).
 */
export function useSignOut(state?: { signedOut?: boolean }) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const logout = useMutation(logoutApiV1AuthLogoutPostMutation());
  const signOut = () =>
    logout.mutate(
      {},
      {
        onSettled: () => {
          queryClient.clear();
          void navigate('/signin', { replace: true, state });
        },
      },
    );
  return { signOut, pending: logout.isPending };
}
