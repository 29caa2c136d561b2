import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

import { ProblemAlert } from './ProblemAlert';
import { Spinner } from './Spinner';

/** A table that stacks into labelled cards on narrow screens (cells carry `data-label`). */
export function StackTable({ caption, columns, children }: { caption?: string; columns: string[]; children: ReactNode }) {
  return (
    <table className="table table--stack">
      {caption ? <caption className="visually-hidden">{caption}</caption> : null}
      <thead>
        <tr>
          {columns.map((c, i) => (
            <th key={i} scope="col">
              {c}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>{children}</tbody>
    </table>
  );
}

/**
 * A list the API answers: a spinner while it loads, the problem if it fails, `empty` when there are
 * no rows (without `empty`, an empty table), else one `row` per item.
 */
export function ListTable<T>({
  query,
  caption,
  columns,
  empty,
  row,
}: {
  query: UseQueryResult<T[], unknown>;
  caption: string;
  columns: string[];
  empty?: string;
  row: (item: T) => ReactNode;
}) {
  const { t } = useTranslation();
  if (query.isPending) return <Spinner label={t('common.loading')} />;
  if (query.isError) return <ProblemAlert error={query.error} />;
  if (empty !== undefined && query.data.length === 0) return <p className="muted">{empty}</p>;
  return (
    <StackTable caption={caption} columns={columns}>
      {query.data.map(row)}
    </StackTable>
  );
}
