import { describe, expect, it } from 'vitest';

import { withoutSubject } from './ReadinessPanel';

describe('a readiness warning names its subject once', () => {
  it('drops a subject the link already names', () => {
    const label = 'Perpetrator 4 (Samir Farouk Qaddouri)';
    expect(withoutSubject(label, `${label} (person, associate) cannot be listed by the US`)).toEqual({
      sep: '',
      rest: ' (person, associate) cannot be listed by the US',
    });
  });
  it('keeps the colon after a field of that subject, in French spacing too', () => {
    expect(withoutSubject('Abuse 3 (Embezzlement) › Category', 'Abuse 3 (Embezzlement): the US has no anti-corruption regime')).toEqual({
      sep: ': ',
      rest: 'the US has no anti-corruption regime',
    });
    expect(withoutSubject('Auteur 1 (X)', 'Auteur 1 (X)\u00a0: le poste commence avant sa naissance')).toEqual({
      sep: ': ',
      rest: 'le poste commence avant sa naissance',
    });
  });
  it('leaves a text about something else whole', () => {
    expect(withoutSubject('Title', 'longer than 200 characters')).toEqual({ sep: ': ', rest: 'longer than 200 characters' });
    expect(withoutSubject('Abuse 3 (Embezzlement) › Category', 'Abuse 3 (Embezzlement) is not covered')).toEqual({
      sep: ': ',
      rest: 'Abuse 3 (Embezzlement) is not covered',
    });
  });
});
