import { useTranslation } from 'react-i18next';

import { can, useMe } from '../../auth/session';
import { exportUrl, templateLang } from './word';

/** "Download as Word" on a case: authors may also keep everything for their own use. */
export function DownloadAsWord({ caseId, orgId }: { caseId: string; orgId: string }) {
  const { t, i18n } = useTranslation('work');
  const me = useMe();
  const lang = templateLang(i18n.language);
  const author = me.organization.id === orgId;
  if (!author && !can(me, 'review')) return null;
  return (
    <div className="panel work-word">
      <h2>{t('word.downloadTitle')}</h2>
      {author ? (
        <ul className="work-word-links">
          <li>
            <a className="btn" href={exportUrl(caseId, lang, 'share')} download>
              {t('word.downloadShare')}
            </a>
          </li>
          <li>
            <a className="btn" href={exportUrl(caseId, lang, 'own_use')} download>
              {t('word.downloadOwn')}
            </a>
          </li>
        </ul>
      ) : (
        <a className="btn" href={exportUrl(caseId, lang, 'share')} download>
          {t('word.download')}
        </a>
      )}
    </div>
  );
}
