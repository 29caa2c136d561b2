import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';

import { useMe } from '../auth/session';
import {
  changeMemberRoleMutation,
  getOrgOptions,
  inviteMemberMutation,
  listInvitationsOptions,
  listInvitationsQueryKey,
  listMembersOptions,
  listMembersQueryKey,
  removeMemberMutation,
  revokeInvitationMutation,
} from '../client/@tanstack/react-query.gen';
import { afterWrite, fromAnswer } from '../api/cache';
import type { InvitationOut, MemberOut, OrgKind, Role } from '../client/types.gen';
import { ConfirmButton } from '../components/ConfirmButton';
import { DateTime } from '../components/DateTime';
import { Field } from '../components/Field';
import { ListTable, StackTable } from '../components/ListTable';
import { PageHeader } from '../components/PageHeader';
import { ProblemAlert } from '../components/ProblemAlert';
import { Spinner } from '../components/Spinner';
import { Unavailable } from '../components/Unavailable';

/** Which roles exist in which kind of organisation (the API rejects any other with a 422). */
export function rolesFor(kind: OrgKind): Role[] {
  return kind === 'ngo' ? ['researcher', 'org_admin'] : ['coordinator', 'coalition_admin'];
}

export function invitationStatus(inv: InvitationOut, now: Date = new Date()): 'accepted' | 'revoked' | 'expired' | 'pending' {
  if (inv.accepted_at) return 'accepted';
  if (inv.revoked_at) return 'revoked';
  if (new Date(inv.expires_at) <= now) return 'expired';
  return 'pending';
}

export function MembersPage() {
  const { t } = useTranslation();
  const { orgId = '' } = useParams();
  const path = { org_id: orgId };
  const org = useQuery(getOrgOptions({ path }));
  const members = useQuery({ ...listMembersOptions({ path }), enabled: org.isSuccess });

  if (org.isPending) return <Spinner label={t('common.loading')} />;
  if (org.isError) {
    return (
      <div className="page">
        <PageHeader title={t('members.title')} />
        <Unavailable error={org.error} />
      </div>
    );
  }
  return (
    <div className="page">
      <PageHeader title={t('members.titleOf', { organisation: org.data.name })}>
        <p>{t('members.intro')}</p>
      </PageHeader>
      <section aria-labelledby="members-heading" className="section">
        <h2 id="members-heading">{t('members.listTitle')}</h2>
        {members.isPending ? (
          <Spinner label={t('common.loading')} />
        ) : members.isError ? (
          <Unavailable error={members.error} />
        ) : (
          <MembersTable orgId={orgId} kind={org.data.kind} members={members.data} />
        )}
      </section>
      {members.isSuccess ? <Invitations orgId={orgId} kind={org.data.kind} /> : null}
    </div>
  );
}

function MembersTable({ orgId, kind, members }: { orgId: string; kind: OrgKind; members: MemberOut[] }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const listKey = listMembersQueryKey({ path: { org_id: orgId } });
  const changeRole = useMutation({
    ...changeMemberRoleMutation(),
    onSuccess: (m) =>
      afterWrite(queryClient, { update: [fromAnswer<MemberOut[]>(listKey, (list) => list.map((x) => (x.user_id === m.user_id ? m : x)))], invalidate: [listKey] }),
  });
  const remove = useMutation({
    ...removeMemberMutation(),
    onSuccess: (_data, vars) =>
      afterWrite(queryClient, { update: [fromAnswer<MemberOut[]>(listKey, (list) => list.filter((x) => x.user_id !== vars.path.user_id))], invalidate: [listKey] }),
  });
  const [done, setDone] = useState<string | null>(null);

  if (members.length === 0) return <p className="muted">{t('members.empty')}</p>;
  return (
    <>
      {changeRole.isError ? <ProblemAlert error={changeRole.error} /> : null}
      {remove.isError ? <ProblemAlert error={remove.error} /> : null}
      <p className="sr-status" role="status" aria-live="polite">
        {done}
      </p>
      <StackTable columns={[t('members.name'), t('members.email'), t('members.role'), t('members.joined'), t('common.actions')]}>
        {members.map((m) => (
          <MemberRow
            key={m.user_id}
            member={m}
            kind={kind}
            busy={changeRole.isPending || remove.isPending}
            onRole={(role) =>
              changeRole.mutate(
                { path: { org_id: orgId, user_id: m.user_id }, body: { role } },
                { onSuccess: () => setDone(t('members.roleChanged', { name: m.display_name, role: t(`roles.${role}`) })) },
              )
            }
            onRemove={() =>
              remove.mutate(
                { path: { org_id: orgId, user_id: m.user_id } },
                { onSuccess: () => setDone(t('members.removed', { name: m.display_name })) },
              )
            }
          />
        ))}
      </StackTable>
    </>
  );
}

function MemberRow({
  member,
  kind,
  busy,
  onRole,
  onRemove,
}: {
  member: MemberOut;
  kind: OrgKind;
  busy: boolean;
  onRole: (role: Role) => void;
  onRemove: () => void;
}) {
  const { t } = useTranslation();
  const me = useMe();
  const [role, setRole] = useState<Role>(member.role);
  const selectId = useId();
  const isMe = me.id === member.user_id;
  return (
    <tr>
      <td data-label={t('members.name')}>
        <span>
          {member.display_name}
          {isMe ? <span className="badge badge--muted">{t('members.you')}</span> : null}
        </span>
      </td>
      <td data-label={t('members.email')}>{member.email}</td>
      <td data-label={t('members.role')}>
        <div className="inline-form">
          <label htmlFor={selectId} className="visually-hidden">
            {t('members.roleOf', { name: member.display_name })}
          </label>
          <select id={selectId} value={role} onChange={(e) => setRole(e.target.value as Role)} disabled={busy}>
            {rolesFor(kind).map((r) => (
              <option key={r} value={r}>
                {t(`roles.${r}`)}
              </option>
            ))}
          </select>
          <button
            type="button"
            className="btn btn--small"
            disabled={busy || role === member.role}
            onClick={() => onRole(role)}
            aria-label={t('members.changeRoleOf', { name: member.display_name })}
          >
            {t('members.changeRole')}
          </button>
        </div>
      </td>
      <td data-label={t('members.joined')}>
        <DateTime value={member.joined_at} />
      </td>
      <td data-label={t('common.actions')}>
        <ConfirmButton
          danger
          disabled={busy}
          ariaLabel={t('members.removeNamed', { name: member.display_name })}
          question={t('members.removeConfirm', { name: member.display_name })}
          confirmLabel={t('members.remove')}
          onConfirm={onRemove}
        >
          {t('members.remove')}
        </ConfirmButton>
      </td>
    </tr>
  );
}

function Invitations({ orgId, kind }: { orgId: string; kind: OrgKind }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const path = { org_id: orgId };
  const invitations = useQuery(listInvitationsOptions({ path }));
  const listKey = listInvitationsQueryKey({ path });
  const invite = useMutation({
    ...inviteMemberMutation(),
    onSuccess: (inv) => afterWrite(queryClient, { update: [fromAnswer<InvitationOut[]>(listKey, (list) => [inv, ...list])], invalidate: [listKey] }),
  });
  const revoke = useMutation({
    ...revokeInvitationMutation(),
    // 204: no object in the answer; marked revoked until the list is read afresh.
    onSuccess: (_data, vars) =>
      afterWrite(queryClient, {
        update: [
          fromAnswer<InvitationOut[]>(listKey, (list) =>
            list.map((x) => (x.id === vars.path.invitation_id ? { ...x, revoked_at: new Date().toISOString() } : x)),
          ),
        ],
        invalidate: [listKey],
      }),
  });
  const roles = rolesFor(kind);
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>(roles[0] ?? 'researcher');

  const submit = (e: FormEvent) => {
    e.preventDefault();
    invite.mutate({ path, body: { email: email.trim(), role } }, { onSuccess: () => setEmail('') });
  };

  return (
    <section aria-labelledby="invitations-heading" className="section">
      <h2 id="invitations-heading">{t('invitations.title')}</h2>
      <form className="form form--row" onSubmit={submit}>
        <Field label={t('invitations.email')}>
          {(control) => <input {...control} type="email" name="email" autoComplete="off" value={email} onChange={(e) => setEmail(e.target.value)} required />}
        </Field>
        <Field label={t('invitations.role')}>
          {(control) => (
            <select {...control} value={role} onChange={(e) => setRole(e.target.value as Role)}>
              {roles.map((r) => (
                <option key={r} value={r}>
                  {t(`roles.${r}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <div className="form__actions">
          <button type="submit" className="btn btn--primary" disabled={invite.isPending}>
            {t('invitations.send')}
          </button>
        </div>
      </form>
      {invite.isError ? <ProblemAlert error={invite.error} /> : null}
      {invite.isSuccess ? (
        <p className="alert alert--success" role="status">
          {t('invitations.sent', { email: invite.variables.body.email })}
        </p>
      ) : null}
      {revoke.isError ? <ProblemAlert error={revoke.error} /> : null}
      <ListTable
        query={invitations}
        caption={t('invitations.title')}
        columns={[t('invitations.email'), t('invitations.role'), t('invitations.status'), t('invitations.expires'), t('common.actions')]}
        empty={t('invitations.empty')}
        row={(inv) => {
          const status = invitationStatus(inv);
          return (
            <tr key={inv.id}>
              <td data-label={t('invitations.email')}>{inv.email}</td>
              <td data-label={t('invitations.role')}>{t(`roles.${inv.role}`)}</td>
              <td data-label={t('invitations.status')}>
                <span className={`badge badge--${status}`}>{t(`invitations.statuses.${status}`)}</span>
              </td>
              <td data-label={t('invitations.expires')}>
                <DateTime value={inv.expires_at} />
              </td>
              <td data-label={t('common.actions')}>
                {status === 'pending' ? (
                  <ConfirmButton
                    danger
                    disabled={revoke.isPending}
                    ariaLabel={t('invitations.revokeNamed', { email: inv.email })}
                    question={t('invitations.revokeConfirm', { email: inv.email })}
                    confirmLabel={t('invitations.revoke')}
                    onConfirm={() => revoke.mutate({ path: { org_id: orgId, invitation_id: inv.id } })}
                  >
                    {t('invitations.revoke')}
                  </ConfirmButton>
                ) : (
                  <span className="muted">—</span>
                )}
              </td>
            </tr>
          );
        }}
      />
    </section>
  );
}
