import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';

import { CATEGORIES, GROUPS, JURISDICTIONS } from '../content';
import { COUNTRY_CODES, countryName } from '../drafts/countries';

/**
 * A list's filters kept in the URL (`?jurisdiction=uk&category=torture`), so a filtered list can be
 * reloaded, bookmarked and shared. `set` drops empty values.
 */
export function useUrlFilters<K extends string>(keys: readonly K[]) {
  const [params, setParams] = useSearchParams();
  const values = Object.fromEntries(keys.map((k) => [k, params.get(k) ?? ''])) as Record<K, string>;
  const set = (next: Partial<Record<K, string>>) => {
    const merged = { ...values, ...next };
    const out = new URLSearchParams();
    for (const k of keys) if (merged[k]) out.set(k, merged[k]);
    setParams(out);
  };
  return { values, set };
}

interface Option {
  value: string;
  label: string;
}

export function FilterSelect({ id, label, any, value, options, onChange }: { id: string; label: string; any: string; value: string; options: readonly Option[]; onChange: (v: string) => void }) {
  return (
    <div className="work-field lists-filter">
      <label htmlFor={id}>{label}</label>
      <select id={id} name={id} value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">{any}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** Options in the current language: jurisdictions, abuse categories, victim groups, countries by name. */
export function useFilterOptions() {
  const { t, i18n } = useTranslation('work');
  const language = i18n.language;
  const countries = useMemo(() => {
    const collator = new Intl.Collator(language);
    return COUNTRY_CODES.map((c) => ({ value: c, label: countryName(c, language) })).sort((a, b) => collator.compare(a.label, b.label));
  }, [language]);
  return {
    jurisdictions: JURISDICTIONS.map((j) => ({ value: j, label: t(`jur.${j}`) })),
    categories: CATEGORIES.map((c) => ({ value: c, label: t(`enum.categories.${c}` as 'enum.categories.torture') })),
    groups: GROUPS.map((g) => ({ value: g, label: t(`enum.groups.${g}` as 'enum.groups.women') })),
    countries,
  };
}
