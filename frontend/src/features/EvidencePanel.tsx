import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type DragEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Upload } from 'tus-js-client';

import { afterWrite, fromAnswer } from '../api/cache';
import { CSRF_COOKIE, CSRF_HEADER, readCookie } from '../api/csrf';
import {
  listCaseEvidenceOptions,
  listCaseEvidenceQueryKey,
  updateEvidenceMutation,
} from '../client/@tanstack/react-query.gen';
import type { ListCaseEvidenceResponse } from '../client/types.gen';
import { ProblemAlert } from '../components/ProblemAlert';
import type { EvidenceOut } from './api';
import { JURISDICTIONS } from './content';
import { EvidenceDetails } from './evidence/EvidenceDetails';
import { formatSize, uploadProgress } from './evidence/size';
import { isRefusal, refusal, type Refusal } from './drafts/uploadRefusal';
import { QueuedUploads } from './offline/QueuedUploads';
import { queueOffline } from './offline/uploads';

interface Item {
  key: string;
  name: string;
  size: number;
  /** Bytes the server confirmed it holds (tus Upload-Offset): what the bar shows. */
  confirmed: number;
  state: 'uploading' | 'paused' | 'retrying' | 'done' | 'failed' | 'refused';
  error?: string;
  /** Why the server refused the file (a 4xx): retrying cannot change it. */
  refused?: Refusal;
  upload: Upload;
}

const SENSITIVITIES = ['public', 'confidential', 'source_identifying'] as const;

/** Resumable uploads (tus): several files, progress, pause/resume, automatic retry after a dropped connection. */
export function EvidencePanel({ caseId, canWrite }: { caseId: string; canWrite: boolean }) {
  const { t } = useTranslation('work');
  const { t: td } = useTranslation('drafts');
  const { t: tp, i18n } = useTranslation('polish');
  const lang = i18n.resolvedLanguage ?? i18n.language;
  const qc = useQueryClient();
  const [items, setItems] = useState<Item[]>([]);
  const [sensitivity, setSensitivity] = useState<(typeof SENSITIVITIES)[number]>('confidential');
  const [shareWith, setShareWith] = useState<string[]>([]);
  const [dragging, setDragging] = useState(false);
  const list = useQuery({
    ...listCaseEvidenceOptions({ path: { case_id: caseId } }),
    // Follows the background scan and sanitise jobs while one is pending (not a wait for a write).
    refetchInterval: (q) => (q.state.data?.items.some((e) => e.scan_status === 'pending' || e.sanitise_status === 'pending') ? 1500 : false),
  });

  const patch = (key: string, p: Partial<Item>) => setItems((xs) => xs.map((x) => (x.key === key ? { ...x, ...p } : x)));

  const start = (files: FileList | File[]) => {
    for (const file of Array.from(files)) {
      // -- offline queue (features/offline/uploads.ts): offline, the file is kept on this device
      //    (encrypted) and sent with tus when the connection is back; listed by <QueuedUploads>.
      if (!navigator.onLine) {
        queueOffline(caseId, file, { filename: file.name, sensitivity, share_with: shareWith.join(',') });
        continue;
      }
      // -- end offline queue
      const key = `${file.name}-${file.size}-${Math.random().toString(36).slice(2)}`;
      const csrf = readCookie(CSRF_COOKIE);
      const upload = new Upload(file, {
        endpoint: `/api/v1/cases/${caseId}/uploads`,
        // 8 MiB: one S3 part or age segment per request (no tail rewrites); a dropped request keeps
        // what arrived, and a proxy that buffers bodies loses at most this much.
        chunkSize: 8 * 1024 * 1024,
        retryDelays: [0, 500, 1000, 2000, 3000, 5000, 8000],
        storeFingerprintForResuming: false, // nothing kept in localStorage
        removeFingerprintOnSuccess: true,
        headers: csrf ? { [CSRF_HEADER]: csrf } : {},
        metadata: { filename: file.name, sensitivity, share_with: shareWith.join(',') },
        // Only what the server confirmed moves the bar: bytes handed to the browser (onProgress) may
        // never arrive when the connection drops, and would show the file as nearly sent.
        onChunkComplete: (_chunk, accepted) => patch(key, { confirmed: accepted, state: 'uploading' }),
        onShouldRetry: (err) => {
          // A refusal (415 type, 413 size, 460 checksum…) stops at once; only faults are retried.
          if (isRefusal(err.originalResponse?.getStatus())) return false;
          patch(key, { state: 'retrying' });
          return true;
        },
        onSuccess: () => {
          patch(key, { confirmed: file.size, state: 'done' });
          afterWrite(qc, { invalidate: [listCaseEvidenceQueryKey({ path: { case_id: caseId } })] });
        },
        onError: (err) => {
          const status = 'originalResponse' in err ? err.originalResponse?.getStatus() : undefined;
          if (isRefusal(status)) {
            const body = 'originalResponse' in err ? err.originalResponse?.getBody() : undefined;
            patch(key, { state: 'refused', refused: refusal(status, body) });
          } else patch(key, { state: 'failed', error: err.message });
        },
      });
      setItems((xs) => [...xs, { key, name: file.name, size: file.size, confirmed: 0, state: 'uploading', upload }]);
      upload.start();
    }
  };

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    if (canWrite && e.dataTransfer.files.length) start(e.dataTransfer.files);
  };

  return (
    <section className="panel work-evidence" aria-labelledby="evidence-h">
      <h2 id="evidence-h">{t('evidence.title')}</h2>
      {canWrite ? (
        <>
          <div className="work-row">
            <div className="work-field">
              <label htmlFor="ev-sensitivity">{t('evidence.sensitivity')}</label>
              <select id="ev-sensitivity" value={sensitivity} onChange={(e) => setSensitivity(e.target.value as typeof sensitivity)}>
                {SENSITIVITIES.map((s) => <option key={s} value={s}>{t(`enum.sensitivity.${s}`)}</option>)}
              </select>
            </div>
            <fieldset className="work-checks">
              <legend>{t('evidence.shareWith')}</legend>
              {JURISDICTIONS.map((j) => (
                <label key={j} className="work-check">
                  <input type="checkbox" checked={shareWith.includes(j)} onChange={(e) => setShareWith((s) => (e.target.checked ? [...s, j] : s.filter((x) => x !== j)))} /> {t(`jur.${j}`)}
                </label>
              ))}
            </fieldset>
          </div>
          <div
            className={`work-drop${dragging ? ' work-drop--over' : ''}`}
            onDragOver={(e) => { e.preventDefault(); setDragging(true); }}
            onDragLeave={() => setDragging(false)}
            onDrop={onDrop}
            data-testid="dropzone"
          >
            <p>{t('evidence.drop')}</p>
            <label htmlFor="ev-files" className="btn">{t('evidence.choose')}</label>
            <input
              id="ev-files"
              className="visually-hidden"
              type="file"
              multiple
              onChange={(e) => {
                if (e.target.files) start(e.target.files);
                e.target.value = '';
              }}
            />
          </div>
        </>
      ) : null}
      <QueuedUploads caseId={caseId} />{/* offline queue (features/offline) */}
      {items.length > 0 ? (
        <ul className="work-list work-uploads">
          {items.map((it) => {
            const p = uploadProgress(it.confirmed, it.size, lang);
            return (
            <li key={it.key} className="work-upload" data-testid="upload" data-state={it.state}>
              <span className="work-upload__name">{it.name}</span>
              {it.state !== 'refused' ? (
                <progress max={it.size || 1} value={Math.min(it.confirmed, it.size)} aria-label={t('evidence.progress', { name: it.name })} aria-valuetext={tp('upload.progress', p)} />
              ) : null}
              {it.state === 'refused' && it.refused ? (
                <span role="alert" className="work-upload__state work-upload__state--refused" data-testid="upload-refused">
                  {td(it.refused.key, { detail: it.refused.detail || String(it.refused.status) })} <span className="work-upload__size">({formatSize(it.size, lang)})</span>
                </span>
              ) : (
                <span role="status" className="work-upload__state">
                  {it.state === 'done'
                    ? `${t('evidence.done')} · ${formatSize(it.size, lang)}`
                    : it.state === 'retrying'
                      ? `${t('evidence.retrying')} · ${tp('upload.progress', p)}`
                      : it.state === 'failed'
                        ? t('evidence.failed', { msg: it.error ?? '' })
                        : tp('upload.progress', p)}
                </span>
              )}
              {it.state === 'uploading' || it.state === 'retrying' ? (
                <button type="button" className="btn btn--small" onClick={() => { void it.upload.abort(); patch(it.key, { state: 'paused' }); }}>
                  {t('evidence.pause')} <span className="visually-hidden">{it.name}</span>
                </button>
              ) : null}
              {it.state === 'paused' || it.state === 'failed' ? (
                <button type="button" className="btn btn--small" onClick={() => { it.upload.start(); patch(it.key, { state: 'uploading' }); }}>
                  {t('evidence.resume')} <span className="visually-hidden">{it.name}</span>
                </button>
              ) : null}
              {it.state !== 'done' ? (
                <button
                  type="button"
                  className="btn btn--small btn--ghost"
                  onClick={() => {
                    // Stops sending and asks the server to drop what it staged (tus termination).
                    void it.upload.abort(true).catch(() => undefined);
                    setItems((xs) => xs.filter((x) => x.key !== it.key));
                  }}
                >
                  {td('upload.cancel')} <span className="visually-hidden">{it.name}</span>
                </button>
              ) : null}
            </li>
            );
          })}
        </ul>
      ) : null}
      <ProblemAlert error={list.error} />
      {list.data && list.data.items.length === 0 ? <p>{t('evidence.none')}</p> : null}
      {list.data && list.data.items.length > 0 ? (
        <ul className="work-list work-evidence-list">
          {list.data.items.map((ev) => <EvidenceRow key={ev.id} ev={ev} canWrite={canWrite} />)}
        </ul>
      ) : null}
    </section>
  );
}

function EvidenceRow({ ev, canWrite }: { ev: EvidenceOut; canWrite: boolean }) {
  const { t } = useTranslation('work');
  const qc = useQueryClient();
  const patchEvidence = useMutation({
    ...updateEvidenceMutation(),
    onSuccess: (updated) => {
      const listKey = listCaseEvidenceQueryKey({ path: { case_id: ev.case_id } });
      afterWrite(qc, {
        update: [fromAnswer<ListCaseEvidenceResponse>(listKey, (page) => ({ ...page, items: page.items.map((x) => (x.id === updated.id ? updated : x)) }))],
        invalidate: [listKey],
      });
    },
  });
  const update = (body: { sensitivity?: (typeof SENSITIVITIES)[number]; share_with?: (typeof JURISDICTIONS)[number][] }) =>
    patchEvidence.mutate({ path: { evidence_id: ev.id }, body });
  return (
    <li className="work-evidence-item" data-testid="evidence" data-filename={ev.original_filename ?? ''}>
      <h3 className="work-evidence-item__h">
        {ev.label} · {ev.original_filename ?? ev.title}
      </h3>
      <dl className="summary summary--compact">
        <dt>{t('evidence.sha256')}</dt>
        <dd><code className="hash" data-testid="sha256">{ev.sha256}</code></dd>
        <dt>{t('evidence.scan')}</dt>
        <dd>{t(`enum.scan.${ev.scan_status}`)}</dd>
        <dt>{t('evidence.sanitise')}</dt>
        <dd>{t(`enum.sanitise.${ev.sanitise_status}`)}</dd>
      </dl>
      <div className="work-row">
        <div className="work-field">
          <label htmlFor={`sens-${ev.id}`}>{t('evidence.sensitivityOf', { label: ev.label })}</label>
          <select id={`sens-${ev.id}`} value={ev.sensitivity} disabled={!canWrite} onChange={(e) => update({ sensitivity: e.target.value as (typeof SENSITIVITIES)[number] })}>
            {SENSITIVITIES.map((s) => <option key={s} value={s}>{t(`enum.sensitivity.${s}`)}</option>)}
          </select>
        </div>
        <fieldset className="work-checks">
          <legend>{t('evidence.sharingOf', { label: ev.label })}</legend>
          {JURISDICTIONS.map((j) => (
            <label key={j} className="work-check">
              <input
                type="checkbox"
                disabled={!canWrite}
                checked={ev.share_with.includes(j)}
                onChange={(e) => update({ share_with: JURISDICTIONS.filter((x) => (x === j ? e.target.checked : ev.share_with.includes(x))) })}
              />{' '}
              {t(`jur.${j}`)}
            </label>
          ))}
        </fieldset>
      </div>
      <ProblemAlert error={patchEvidence.error} />
      <EvidenceDetails ev={ev} canWrite={canWrite} />
    </li>
  );
}
