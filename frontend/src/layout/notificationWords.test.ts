import i18n from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';

import type { NotificationOut } from '../client/types.gen';
import { resources } from '../i18n';
import { notificationWords } from './notificationWords';

const base: NotificationOut = {
  id: 'n1',
  kind: 'submission_status',
  case_id: 'c1',
  title: 'Submission update for Zarechny detentions',
  body: 'Status: under_consideration (us)',
  detail: { case_title: 'Zarechny detentions', status: 'under_consideration', jurisdiction: 'us' },
  created_at: '2026-12-01T10:00:00Z',
  read_at: null,
};

describe('notification words', () => {
  beforeAll(async () => {
    await i18n.init({ resources, lng: 'en', fallbackLng: 'en', interpolation: { escapeValue: false } });
  });

  const words = async (lng: string, n: NotificationOut) => {
    await i18n.changeLanguage(lng);
    return notificationWords(n, i18n.getFixedT(lng, 'drafts'), i18n.getFixedT(lng, 'work'));
  };

  it('words a status change in the reader language, no codes left', async () => {
    expect(await words('en', base)).toEqual({ title: 'Submission update for Zarechny detentions', body: 'United States: Under consideration' });
    expect(await words('fr', base)).toEqual({ title: 'Suivi de l’envoi pour Zarechny detentions', body: 'États-Unis : En cours d’examen' });
    const ar = await words('ar', base);
    expect(ar.body).toBe('الولايات المتحدة: قيد النظر');
    expect(`${ar.title} ${ar.body}`).not.toMatch(/under_consideration|\(us\)/);
  });

  it('keeps a reason as typed and words the heading', async () => {
    const n = { ...base, kind: 'changes_requested', detail: { case_title: 'Case X', reason: 'Add the dates' } };
    expect(await words('es', n)).toEqual({ title: 'Cambios solicitados en Case X', body: 'Motivo: Add the dates' });
  });

  it('falls back to the server text for older notifications and unknown kinds', async () => {
    expect(await words('fr', { ...base, detail: null })).toEqual({ title: base.title, body: base.body });
    expect(await words('fr', { ...base, kind: 'something_new' })).toEqual({ title: base.title, body: base.body });
  });

  it('has a heading for every kind the server sends, in every language', async () => {
    const kinds = ['submitted', 'assigned', 'comment', 'changes_requested', 'approved', 'rejected', 'package_built', 'submission_status', 'follow_up_due', 'designation'];
    for (const lng of ['en', 'fr', 'es', 'ar'] as const) {
      for (const kind of kinds) {
        const w = await words(lng, { ...base, kind, detail: { case_title: 'T' } });
        expect(w.title, `${lng} ${kind}`).toContain('T');
        expect(w.title, `${lng} ${kind}`).not.toContain('bell.');
      }
    }
  });
});
