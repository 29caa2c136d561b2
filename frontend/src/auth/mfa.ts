import type { LoginOut, MfaChallengeOut } from '../client/types.gen';

/**
 * POST /auth/login answers either a session (LoginOut) or, when the account has a second factor,
 * `{mfa_required: true, challenge}` and no session yet; the challenge goes with a code to
 * POST /auth/login/mfa (generated: loginMfa).
 */
export function isMfaChallenge(value: LoginOut | MfaChallengeOut): value is MfaChallengeOut {
  return 'challenge' in value && typeof value.challenge === 'string';
}
