import { useId } from 'react';
import { useTranslation } from 'react-i18next';

import { LANGUAGES, type LanguageCode, changeLanguage } from '../i18n';

export function LanguageSwitcher({ className }: { className?: string }) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const current = (i18n.resolvedLanguage ?? 'en') as LanguageCode;
  return (
    <div className={className ? `lang-switcher ${className}` : 'lang-switcher'}>
      <label htmlFor={id}>{t('language.label')}</label>
      <select id={id} value={current} onChange={(e) => void changeLanguage(e.target.value as LanguageCode)}>
        {LANGUAGES.map((l) => (
          <option key={l.code} value={l.code} lang={l.code}>
            {l.nativeName}
          </option>
        ))}
      </select>
    </div>
  );
}
