import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

import { useMe } from '../auth/session';
import { PageHeader } from '../components/PageHeader';
import { navFor } from '../navigation';

export function HomePage() {
  const { t } = useTranslation();
  const me = useMe();
  const sections = navFor(me).filter((n) => n.id !== 'home');
  return (
    <div className="page">
      <PageHeader title={t('home.title', { name: me.display_name ?? me.email ?? '' })}>
        <p>
          {t('home.intro', { organisation: me.organization.name, role: t(`roles.${me.role}`) })}
        </p>
      </PageHeader>
      <ul className="cards">
        {sections.map((n) => (
          <li key={n.id} className="card">
            <h2 className="card__title">
              <Link to={n.to(me)}>{t(`nav.${n.id}`)}</Link>
            </h2>
            <p className="card__text">{t(`home.sections.${n.id}`)}</p>
          </li>
        ))}
      </ul>
    </div>
  );
}
