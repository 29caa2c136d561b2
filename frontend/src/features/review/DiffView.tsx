import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';

import { diffCaseOptions, sinceReviewedOptions } from '../../client/@tanstack/react-query.gen';
import type { AppSchemasCasesChangeOut, DecisionOut } from '../../client/types.gen';
import { DateTime } from '../../components/DateTime';
import { ProblemAlert } from '../../components/ProblemAlert';
import type { CaseContent } from '../content';
import { describePath, describeValue } from './paths';

type Change = AppSchemasCasesChangeOut;

/** The earlier revision someone last decided on, when I have no review mark of my own. */
function lastReviewed(decisions: readonly DecisionOut[], current: number): DecisionOut | undefined {
  return [...decisions].reverse().find((d) => d.revision_number < current);
}

function ChangeLine({ ch, content }: { ch: Change; content: CaseContent }) {
  const { t } = useTranslation('review');
  const { t: tw } = useTranslation('work');
  const what = ch.label ?? describePath(ch.path, { t, tw }, content);
  const op = ch.op === 'added' || ch.op === 'removed' ? ch.op : 'changed';
  return (
    <li className={`rv-change rv-change--${op}`} data-path={ch.path}>
      <p className="rv-change__what">
        <span className={`badge rv-op rv-op--${op}`}>{t(`diff.op.${op}`)}</span> <strong>{what}</strong>
      </p>
      {op !== 'added' && ch.old !== undefined && ch.old !== null ? (
        <p className="rv-change__old">
          <span className="rv-change__tag">{t('diff.before')}</span> <del dir="auto">{describeValue(ch.old, t)}</del>
        </p>
      ) : null}
      {op !== 'removed' && ch.new !== undefined && ch.new !== null ? (
        <p className="rv-change__new">
          <span className="rv-change__tag">{t('diff.after')}</span> <ins dir="auto">{describeValue(ch.new, t)}</ins>
        </p>
      ) : null}
    </li>
  );
}

function Changes({ changes, content }: { changes: readonly Change[]; content: CaseContent }) {
  const { t } = useTranslation('review');
  const { t: tw } = useTranslation('work');
  const sections = [...new Set(changes.map((c) => c.section))];
  return (
    <div data-testid="diff" className="rv-diff">
      <p>{t('diff.count', { count: changes.length })}</p>
      {sections.map((s) => (
        <section key={s} aria-label={tw(`sections.${s}` as 'sections.title', { defaultValue: s })}>
          <h3 className="rv-diff__section">{tw(`sections.${s}` as 'sections.title', { defaultValue: t(`field.${s}` as 'field.name', { defaultValue: s }) })}</h3>
          <ul className="work-list">
            {changes.filter((c) => c.section === s).map((ch, i) => <ChangeLine key={`${ch.path}-${i}`} ch={ch} content={content} />)}
          </ul>
        </section>
      ))}
    </div>
  );
}

/**
 * What changed since the revision this coordinator last acted on (since-reviewed); without a mark of
 * their own, since the last decision anyone made (the case's diff between those revisions).
 */
export function DiffView({ caseId, revision, content, decisions, isReviewer }: { caseId: string; revision: number; content: CaseContent; decisions: readonly DecisionOut[]; isReviewer: boolean }) {
  const { t } = useTranslation('review');
  const path = { case_id: caseId };
  const since = useQuery({ ...sinceReviewedOptions({ path }), enabled: isReviewer });
  const mine = since.data?.from_revision ?? null;
  const other = lastReviewed(decisions, revision);
  const fallback = isReviewer ? (since.isSuccess && mine === null ? other : undefined) : other;
  const diff = useQuery({ ...diffCaseOptions({ path, query: { from: fallback?.revision_number ?? 1, to: revision } }), enabled: !!fallback });
  return (
    <section className="panel rv-section" aria-labelledby="diff-h" id="section-diff">
      <h2 id="diff-h">{t('diff.title')}</h2>
      <ProblemAlert error={since.error ?? diff.error} />
      {mine !== null && since.data ? (
        <>
          <p>{t('diff.sinceMine', { from: mine, to: since.data.to_revision })}</p>
          {since.data.changes.length ? <Changes changes={since.data.changes} content={content} /> : <p>{t('diff.none')}</p>}
        </>
      ) : null}
      {fallback && diff.data ? (
        <>
          <p>
            {t('diff.sinceDecision', { from: fallback.revision_number, to: revision, name: fallback.coordinator_name ?? t('diff.aCoordinator') })} <DateTime value={fallback.created_at} />
          </p>
          {diff.data.changes.length ? <Changes changes={diff.data.changes} content={content} /> : <p>{t('diff.none')}</p>}
        </>
      ) : null}
      {(isReviewer ? since.isSuccess && mine === null : true) && !fallback ? (
        <p>{decisions.some((d) => d.revision_number === revision) ? t('diff.noneSinceDecision', { n: revision }) : t('diff.firstReview')}</p>
      ) : null}
    </section>
  );
}
