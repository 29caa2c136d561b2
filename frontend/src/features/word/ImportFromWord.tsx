import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';

import { afterWrite } from '../../api/cache';
import { listCasesQueryKey } from '../../client/@tanstack/react-query.gen';
import { ProblemAlert } from '../../components/ProblemAlert';
import { call, sdk } from '../api';
import { templateLang, templateUrl, type ImportReportState } from './word';

/** "Import from Word" on the case list: upload a .docx/.odt, then the placement report. */
export function ImportFromWord() {
  const { t, i18n } = useTranslation('work');
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const run = useMutation({
    mutationFn: (f: File) => call(sdk.importCase({ body: { file: f } })),
    onSuccess: (out) => {
      afterWrite(qc, { invalidate: [listCasesQueryKey()] });
      const state: ImportReportState = { title: out.case.title, report: out.report };
      void navigate(`/cases/${out.case.id}/import-report`, { state });
    },
  });
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (file) run.mutate(file);
  };
  return (
    <section className="panel work-word" aria-labelledby="word-import-h">
      <h2 id="word-import-h">{t('word.importTitle')}</h2>
      <p>{t('word.importIntro')}</p>
      <form className="inline-form" onSubmit={onSubmit}>
        <label htmlFor="word-file">{t('word.file')}</label>
        <input
          id="word-file"
          type="file"
          accept=".docx,.odt,application/vnd.openxmlformats-officedocument.wordprocessingml.document,application/vnd.oasis.opendocument.text"
          onChange={(e) => setFile(e.target.files?.[0] ?? null)}
          required
        />
        <button type="submit" className="btn" disabled={!file || run.isPending}>
          {run.isPending ? t('word.importing') : t('word.import')}
        </button>
      </form>
      <ProblemAlert error={run.error} />
      <p>
        <a href={templateUrl(templateLang(i18n.language))} download>
          {t('word.template')}
        </a>{' '}
        — {t('word.templateHint')}
      </p>
    </section>
  );
}
