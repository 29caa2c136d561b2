import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';

import { afterWrite, fromAnswer } from '../api/cache';
import { can, useMe } from '../auth/session';
import {
  addCommentMutation,
  listCommentsOptions,
  listCommentsQueryKey,
  reviewStateQueryKey,
} from '../client/@tanstack/react-query.gen';
import { ProblemAlert } from '../components/ProblemAlert';
import type { CommentOut } from './api';

export function useComments(caseId: string) {
  return useQuery(listCommentsOptions({ path: { case_id: caseId } }));
}

const sectionOfPath = (path: string) => path.split('[')[0]!.split('.')[0]!;

function CommentForm({ caseId, section, parentId, label }: { caseId: string; section: string; parentId?: string; label: string }) {
  const { t } = useTranslation('work');
  const qc = useQueryClient();
  const [body, setBody] = useState('');
  const id = `comment-${section}-${parentId ?? 'new'}`;
  const add = useMutation({
    ...addCommentMutation(),
    onSuccess: (comment) => {
      setBody('');
      const path = { case_id: caseId };
      // Listed oldest first, so the new one goes last; the review state counts open threads.
      afterWrite(qc, {
        update: [fromAnswer<CommentOut[]>(listCommentsQueryKey({ path }), (list) => [...list, comment])],
        invalidate: [listCommentsQueryKey({ path }), reviewStateQueryKey({ path })],
      });
    },
  });
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    e.stopPropagation();
    if (body.trim()) add.mutate({ path: { case_id: caseId }, body: { body, path: parentId ? null : section, parent_id: parentId ?? null } });
  };
  return (
    <form className="work-comment-form" onSubmit={onSubmit}>
      <label htmlFor={id}>{label}</label>
      <textarea id={id} rows={2} value={body} onChange={(e) => setBody(e.target.value)} required />
      <button type="submit" className="btn btn--small" disabled={add.isPending}>{t('comments.send')}</button>
      <ProblemAlert error={add.error} />
    </form>
  );
}

/** Comments anchored to one section, with replies; new comments only where `allowNew` (reviewers). */
export function CommentsForSection({ caseId, section, comments, allowNew = false }: { caseId: string; section: string; comments: CommentOut[]; allowNew?: boolean }) {
  const { t } = useTranslation('work');
  const me = useMe();
  const sectionName = t(`sections.${section}` as 'sections.title', { defaultValue: section });
  const top = comments.filter((c) => !c.parent_id && sectionOfPath(c.path) === section);
  const mayWrite = can(me, 'comments:write');
  if (top.length === 0 && !(allowNew && mayWrite)) return null;
  return (
    <div className="work-comments" aria-label={t('comments.onSection', { section: sectionName })} role="region">
      <h3 className="work-comments__h">{t('comments.title')}</h3>
      <ul className="work-list">
        {top.map((c) => (
          <li key={c.id} className="work-comment" data-testid="comment">
            <p className="work-comment__meta">
              <code>{c.path}</code> · {t('comments.revision', { n: c.revision_number })} · {new Date(c.created_at).toLocaleString()}
              {c.resolved_at ? <> · <span className="badge">{t('comments.resolved')}</span></> : null}
            </p>
            <p className="work-comment__body">{c.body}</p>
            <ul className="work-list work-replies">
              {comments.filter((r) => r.parent_id === c.id).map((r) => (
                <li key={r.id} className="work-comment work-comment--reply" data-testid="reply">
                  <p className="work-comment__body">{r.body}</p>
                </li>
              ))}
            </ul>
            {mayWrite ? <CommentForm caseId={caseId} section={section} parentId={c.id} label={t('comments.replyTo')} /> : null}
          </li>
        ))}
      </ul>
      {allowNew && mayWrite ? <CommentForm caseId={caseId} section={section} label={t('comments.add', { section: sectionName })} /> : null}
    </div>
  );
}
