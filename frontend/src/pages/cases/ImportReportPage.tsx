import { useTranslation } from 'react-i18next';
import { Link, useLocation, useParams } from 'react-router';

import { PageHeader } from '../../components/PageHeader';
import type { ImportReportState } from '../../features/word/word';

/** The placement report, right after an import: where each field came from, what needs a look. */
export default function ImportReportPage() {
  const { caseId = '' } = useParams();
  const { t } = useTranslation('work');
  const state = useLocation().state as ImportReportState | null;
  const open = (
    <p>
      <Link className="btn btn--primary" to={`/cases/${caseId}`}>
        {t('word.openDraft')}
      </Link>
    </p>
  );
  if (!state?.report) {
    return (
      <div className="page">
        <PageHeader title={t('word.reportTitle')}>
          <p>{t('word.missingReport')}</p>
        </PageHeader>
        {open}
      </div>
    );
  }
  const r = state.report;
  return (
    <div className="page work-report">
      <PageHeader title={t('word.reportTitle')}>
        <p>{t('word.reportIntro', { title: state.title })}</p>
        <p>{t(r.mode === 'template' ? 'word.modeTemplate' : 'word.modeMapped')}</p>
        {r.converted_from ? <p>{t('word.convertedFrom')}</p> : null}
      </PageHeader>
      {open}
      <section className="panel" aria-labelledby="review-h">
        <h2 id="review-h">{t('word.review', { n: r.needs_review.length })}</h2>
        {r.needs_review.length === 0 ? (
          <p>{t('word.reviewNone')}</p>
        ) : (
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t('word.colKind')}</th>
                <th scope="col">{t('word.colField')}</th>
                <th scope="col">{t('word.colText')}</th>
                <th scope="col">{t('word.colWhere')}</th>
              </tr>
            </thead>
            <tbody>
              {r.needs_review.map((item, i) => (
                <tr key={i}>
                  <td>{t(`word.reviewKind.${item.kind}`)}</td>
                  <td><code>{item.path ?? '—'}</code></td>
                  <td>{item.text}</td>
                  <td>{item.where}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section className="panel" aria-labelledby="unmapped-report-h">
        <h2 id="unmapped-report-h">{t('word.unmappedTitle')}</h2>
        <p>{r.unmapped_blocks > 0 ? t('word.unmapped', { n: r.unmapped_blocks }) : t('word.unmappedNone')}</p>
      </section>
      {r.images.length > 0 ? (
        <section className="panel" aria-labelledby="images-h">
          <h2 id="images-h">{t('word.images', { n: r.images.length })}</h2>
          <ul>
            {r.images.map((img, i) => (
              <li key={i}>
                {img.filename} ({img.where}):{' '}
                {img.evidence_id ? t('word.imageAdded', { label: img.label ?? '' }) : t('word.imageRefused', { reason: img.error ?? '' })}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {r.external_links.length > 0 ? (
        <section className="panel" aria-labelledby="links-h">
          <h2 id="links-h">{t('word.links', { n: r.external_links.length })}</h2>
          <ul>
            {r.external_links.map((l, i) => (
              <li key={i}>
                {l.kind}: <code className="work-wrap">{l.target}</code>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {r.embedded_objects.length > 0 ? (
        <section className="panel" aria-labelledby="objects-h">
          <h2 id="objects-h">{t('word.objects', { n: r.embedded_objects.length })}</h2>
          <ul>
            {r.embedded_objects.map((o, i) => (
              <li key={i}>
                {o.name} ({o.content_type})
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <section className="panel" aria-labelledby="placed-h">
        <h2 id="placed-h">{t('word.placed', { n: r.placements.length })}</h2>
        <div className="work-scroll">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t('word.colField')}</th>
                <th scope="col">{t('word.colSource')}</th>
                <th scope="col">{t('word.colWhere')}</th>
                <th scope="col">{t('word.colLabel')}</th>
              </tr>
            </thead>
            <tbody>
              {r.placements.map((p, i) => (
                <tr key={i}>
                  <td><code>{p.path}</code></td>
                  <td>{t(`word.source.${p.source}`)}</td>
                  <td>{p.where}</td>
                  <td>{p.label ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </div>
  );
}
