import './drafts.css';

import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

import { JURISDICTIONS, type CaseContent, type Draft } from '../content';
import { ContentForm } from '../ContentForm';
import { type FieldErrorMap } from '../fieldErrors';
import { CheckboxGroup, FieldErrorsContext, ReadOnlyContext, TextField } from '../fields';
import { UnmappedContent } from '../word/UnmappedContent';

/** Every field of a case file (title, targets, content) with the server's field errors shown in place. */
export function CaseFields({
  draft,
  edit,
  errors,
  readOnly,
  sectionAside,
}: {
  draft: Draft;
  edit: (fn: (d: Draft) => Draft) => void;
  errors: FieldErrorMap;
  readOnly: boolean;
  sectionAside?: (section: string) => ReactNode;
}) {
  const { t } = useTranslation('work');
  const updateContent = (fn: (c: CaseContent) => CaseContent) => edit((d) => ({ ...d, content: fn(d.content) }));
  return (
    <FieldErrorsContext.Provider value={errors}>
      <ReadOnlyContext.Provider value={readOnly}>
        <div className="panel">
          <TextField k="title" label={t('editor.caseTitle')} value={draft.title} onChange={(v) => edit((d) => ({ ...d, title: v ?? '' }))} />
          <CheckboxGroup
            k="target_jurisdictions"
            legend={t('editor.targets')}
            values={draft.target_jurisdictions}
            options={JURISDICTIONS.map((j) => ({ value: j, label: t(`jur.${j}`) }))}
            onChange={(v) => edit((d) => ({ ...d, target_jurisdictions: JURISDICTIONS.filter((j) => v.includes(j)) }))}
          />
        </div>
        <ContentForm content={draft.content} update={updateContent} targets={draft.target_jurisdictions} readOnly={readOnly} sectionAside={sectionAside} />
        <UnmappedContent content={draft.content} update={updateContent} readOnly={readOnly} />
      </ReadOnlyContext.Provider>
    </FieldErrorsContext.Provider>
  );
}

/** Whether two drafts hold the same values. */
export function sameDraft(a: Draft, b: Draft): boolean {
  return JSON.stringify([a.title, a.target_jurisdictions, a.content]) === JSON.stringify([b.title, b.target_jurisdictions, b.content]);
}
