import { useTranslation } from 'react-i18next';

import { PageHeader } from '../components/PageHeader';

export type UpcomingSection = 'cases' | 'review' | 'packages';

/** Phase 1 placeholder: the route and its navigation exist; the page arrives with its API. */
export function ComingSoonPage({ section }: { section: UpcomingSection }) {
  const { t } = useTranslation();
  return (
    <div className="page">
      <PageHeader title={t(`nav.${section}`)} />
      <div className="notice notice--soon" role="note">
        <p className="notice__label">{t('comingSoon.label')}</p>
        <p>{t(`comingSoon.${section}`)}</p>
      </div>
    </div>
  );
}
