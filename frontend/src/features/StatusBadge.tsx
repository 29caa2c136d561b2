import { useTranslation } from 'react-i18next';

export function StatusBadge({ status }: { status: string }) {
  const { t } = useTranslation('work');
  return <span className={`badge work-status work-status--${status}`}>{t(`status.${status}` as 'status.draft', { defaultValue: status })}</span>;
}
