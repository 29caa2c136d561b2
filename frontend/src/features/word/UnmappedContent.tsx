import { useTranslation } from 'react-i18next';

import type { CaseContent } from '../content';
import { fieldId } from '../fieldErrors';

interface Block {
  text: string;
  heading?: string | null;
  where?: string | null;
}

/** What an import could not place, in document order; the researcher moves it and removes it. */
export function UnmappedContent({
  content,
  update,
  readOnly,
}: {
  content: CaseContent;
  update: (fn: (c: CaseContent) => CaseContent) => void;
  readOnly: boolean;
}) {
  const { t } = useTranslation('work');
  const blocks = (content.unmapped_content ?? []) as Block[];
  if (blocks.length === 0) return null;
  const remove = (i: number) => update((c) => ({ ...c, unmapped_content: blocks.filter((_, j) => j !== i) }));
  return (
    <section className="panel panel--warning" aria-labelledby="unmapped-h" id="section-unmapped_content">
      <h2 id="unmapped-h">{t('word.unmappedTitle')}</h2>
      <p>{t('word.unmappedIntro')}</p>
      <ol className="work-unmapped">
        {blocks.map((b, i) => (
          <li key={`${i}-${b.where ?? ''}`} id={fieldId(`unmapped_content.${i}`)} tabIndex={-1}>
            {b.heading || b.where ? (
              <p className="work-meta">{[b.heading, b.where].filter(Boolean).join(' · ')}</p>
            ) : null}
            <p className="work-unmapped-text">{b.text}</p>
            {readOnly ? null : (
              <button type="button" className="btn btn--small" onClick={() => remove(i)}>
                {t('word.remove')}
              </button>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}
