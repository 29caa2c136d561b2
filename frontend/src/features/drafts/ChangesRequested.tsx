import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';

import { reviewStateOptions } from '../../client/@tanstack/react-query.gen';
import { DateTime } from '../../components/DateTime';

/** On a case file sent back by a coordinator: that changes were requested, why, and how many comments are open. */
export function ChangesRequested({ caseId, status }: { caseId: string; status: string }) {
  const { t } = useTranslation('drafts');
  const review = useQuery({ ...reviewStateOptions({ path: { case_id: caseId } }), enabled: status === 'changes_requested', retry: false });
  if (status !== 'changes_requested') return null;
  const last = [...(review.data?.decisions ?? [])].reverse().find((d) => d.decision === 'request_changes');
  const open = review.data?.open_comments ?? 0;
  return (
    <section className="panel panel--warning drafts-changes" role="status" aria-labelledby="changes-h" data-testid="changes-requested">
      <h2 id="changes-h">{t('changes.title')}</h2>
      {last ? (
        <p>
          {t('changes.when')} <DateTime value={last.created_at} />
          {last.reason ? (
            <>
              {' — '}
              <q dir="auto">{last.reason}</q>
            </>
          ) : null}
        </p>
      ) : null}
      <p>{open > 0 ? t('changes.open', { count: open }) : t('changes.noneOpen')}</p>
    </section>
  );
}
