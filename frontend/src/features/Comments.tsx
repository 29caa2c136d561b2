import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';

import { afterWrite, fromAnswer } from '../api/cache';
import { can, useMe } from '../auth/session';
import {
  addCommentMutation,
  listCommentsOptions,
  listCommentsQueryKey,
  reopenCommentMutation,
  resolveCommentMutation,
  reviewStateQueryKey,
} from '../client/@tanstack/react-query.gen';
import { DateTime } from '../components/DateTime';
import { ProblemAlert } from '../components/ProblemAlert';
import type { CommentOut } from './api';
import type { CaseContent } from './content';
import { describePath, sectionOfPath } from './review/paths';

export function useComments(caseId: string) {
  return useQuery(listCommentsOptions({ path: { case_id: caseId } }));
}

/** Open threads (top-level comments not resolved), oldest first. */
export const openThreads = (comments: readonly CommentOut[]) => comments.filter((c) => !c.parent_id && !c.resolved_at);

/** After a comment write: the answer replaces (or joins) the cached list; the review state counts open threads. */
function useCommentWrite(caseId: string) {
  const qc = useQueryClient();
  const path = { case_id: caseId };
  return (comment: CommentOut) =>
    afterWrite(qc, {
      // Listed oldest first, so a new one goes last.
      update: [
        fromAnswer<CommentOut[]>(listCommentsQueryKey({ path }), (list) =>
          list.some((c) => c.id === comment.id) ? list.map((c) => (c.id === comment.id ? comment : c)) : [...list, comment],
        ),
      ],
      invalidate: [listCommentsQueryKey({ path }), reviewStateQueryKey({ path })],
    });
}

const domId = (s: string) => s.replace(/[^A-Za-z0-9_-]/g, '-');

export function CommentForm({ caseId, anchor, parentId, label }: { caseId: string; anchor: string; parentId?: string; label: string }) {
  const { t } = useTranslation('work');
  const [body, setBody] = useState('');
  const id = `comment-${domId(anchor)}-${parentId ?? 'new'}`;
  const written = useCommentWrite(caseId);
  const add = useMutation({
    ...addCommentMutation(),
    onSuccess: (comment) => {
      setBody('');
      written(comment);
    },
  });
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    e.stopPropagation();
    if (body.trim()) add.mutate({ path: { case_id: caseId }, body: { body, path: parentId ? null : anchor, parent_id: parentId ?? null } });
  };
  return (
    <form className="work-comment-form" onSubmit={onSubmit}>
      <label htmlFor={id}>{label}</label>
      <textarea id={id} rows={2} dir="auto" value={body} onChange={(e) => setBody(e.target.value)} required />
      <button type="submit" className="btn btn--small" disabled={add.isPending}>{t('comments.send')}</button>
      <ProblemAlert error={add.error} />
    </form>
  );
}

/** Who wrote it and when: "Casimir Coordinator (coalition) · 3 Dec 2026, 10:04 · revision 2". */
function Byline({ c, caseOrgId }: { c: CommentOut; caseOrgId?: string }) {
  const { t } = useTranslation('review');
  const side = caseOrgId ? (c.author_org_id === caseOrgId ? t('comments.sideNgo') : t('comments.sideCoalition')) : null;
  return (
    <span className="work-comment__by">
      <strong dir="auto" data-testid="comment-author">{c.author_name ?? t('comments.unknownAuthor')}</strong>
      {side ? <> ({side})</> : null} · <DateTime value={c.created_at} />
    </span>
  );
}

function Thread({ caseId, c, replies, caseOrgId, where }: { caseId: string; c: CommentOut; replies: CommentOut[]; caseOrgId?: string; where?: string }) {
  const { t } = useTranslation('work');
  const { t: tr } = useTranslation('review');
  const me = useMe();
  const mayWrite = can(me, 'comments:write');
  const written = useCommentWrite(caseId);
  const resolve = useMutation({ ...resolveCommentMutation(), onSuccess: written });
  const reopen = useMutation({ ...reopenCommentMutation(), onSuccess: written });
  const path = { case_id: caseId, comment_id: c.id };
  return (
    <li className={`work-comment${c.resolved_at ? ' work-comment--resolved' : ''}`} data-testid="comment" data-path={c.path} id={`comment-${c.id}`}>
      <p className="work-comment__meta">
        <Byline c={c} caseOrgId={caseOrgId} /> · {t('comments.revision', { n: c.revision_number })}
        {c.resolved_at ? (
          <>
            {' · '}
            <span className="badge">{t('comments.resolved')}</span>{' '}
            {c.resolved_by_name ? <span dir="auto">{tr('comments.resolvedBy', { name: c.resolved_by_name })}</span> : null}
          </>
        ) : null}
      </p>
      {where ? <p className="work-comment__where">{tr('comments.about', { where })}</p> : null}
      <p className="work-comment__body" dir="auto">{c.body}</p>
      {replies.length > 0 ? (
        <ul className="work-list work-replies" aria-label={tr('comments.replies', { count: replies.length })}>
          {replies.map((r) => (
            <li key={r.id} className="work-comment work-comment--reply" data-testid="reply">
              <p className="work-comment__meta"><Byline c={r} caseOrgId={caseOrgId} /></p>
              <p className="work-comment__body" dir="auto">{r.body}</p>
            </li>
          ))}
        </ul>
      ) : null}
      {mayWrite ? (
        <>
          <CommentForm caseId={caseId} anchor={c.path} parentId={c.id} label={t('comments.replyTo')} />
          <p>
            {c.resolved_at ? (
              <button type="button" className="btn btn--small" disabled={reopen.isPending} onClick={() => reopen.mutate({ path })}>{tr('comments.reopen')}</button>
            ) : (
              <button type="button" className="btn btn--small" disabled={resolve.isPending} onClick={() => resolve.mutate({ path })}>{tr('comments.resolve')}</button>
            )}
          </p>
          <ProblemAlert error={resolve.error ?? reopen.error} />
        </>
      ) : null}
    </li>
  );
}

/**
 * The threads whose anchor `matches`, with replies, author and time, each saying what it is about when
 * its anchor is more precise than where it is shown; a form for a new comment on `anchor` where `newLabel`.
 */
export function CommentThreads({
  caseId,
  comments,
  matches,
  anchor,
  newLabel,
  caseOrgId,
  content,
  title,
}: {
  caseId: string;
  comments: readonly CommentOut[];
  matches: (c: CommentOut) => boolean;
  anchor: string;
  newLabel?: string;
  caseOrgId?: string;
  content?: CaseContent;
  title?: string;
}) {
  const { t } = useTranslation('work');
  const { t: tr } = useTranslation('review');
  const me = useMe();
  const top = comments.filter((c) => !c.parent_id && matches(c));
  const mayStart = newLabel !== undefined && can(me, 'comments:write');
  if (top.length === 0 && !mayStart) return null;
  return (
    <div className="work-comments" aria-label={title ?? t('comments.title')} role="region">
      {top.length > 0 ? <h3 className="work-comments__h">{t('comments.title')}</h3> : null}
      {top.length > 0 ? (
        <ul className="work-list">
          {top.map((c) => (
            <Thread
              key={c.id}
              caseId={caseId}
              c={c}
              caseOrgId={caseOrgId}
              replies={comments.filter((r) => r.parent_id === c.id)}
              where={c.path !== anchor ? describePath(c.path, { t: tr, tw: t }, content) : undefined}
            />
          ))}
        </ul>
      ) : null}
      {mayStart ? <CommentForm caseId={caseId} anchor={anchor} label={newLabel} /> : null}
    </div>
  );
}

/** Comments anchored to one section (or anything under it), with replies; new comments only where `allowNew` (reviewers). */
export function CommentsForSection({ caseId, section, comments, allowNew = false }: { caseId: string; section: string; comments: CommentOut[]; allowNew?: boolean }) {
  const { t } = useTranslation('work');
  const sectionName = t(`sections.${section}` as 'sections.title', { defaultValue: section });
  return (
    <CommentThreads
      caseId={caseId}
      comments={comments}
      anchor={section}
      matches={(c) => sectionOfPath(c.path) === section}
      newLabel={allowNew ? t('comments.add', { section: sectionName }) : undefined}
      title={t('comments.onSection', { section: sectionName })}
    />
  );
}

