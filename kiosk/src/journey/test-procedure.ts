import type { Procedure } from '../../../content/model/index.ts';

const t = (fr: string) => ({ fr, 'fr-x-falc': fr, en: fr, ar: fr });

/** A small procedure with every kind of step the journey has to handle, for tests. */
export const testProcedure: Procedure = {
  id: 'test-journey',
  version: 2,
  audience: 'resident',
  category: 'contact',
  pictogram: 'letter',
  title: t('Essai'),
  summary: t('Une démarche pour les tests.'),
  intro: { needs: [t('Rien')], minutes: 2 },
  legal: { kind: 'request', service: 'mail' },
  steps: [
    {
      id: 'kind',
      title: t('Quel type ?'),
      fields: [
        {
          id: 'kind',
          type: 'choice',
          label: t('Type'),
          options: [
            { value: 'email', label: t('Par e-mail') },
            { value: 'post', label: t('Par courrier') },
          ],
        },
      ],
    },
    {
      id: 'email',
      when: { field: 'kind', equals: 'email' },
      title: t('Votre e-mail'),
      fields: [{ id: 'email', type: 'email', label: t('E-mail') }],
    },
    {
      id: 'address',
      when: { field: 'kind', equals: 'post' },
      title: t('Votre adresse'),
      fields: [{ id: 'address', type: 'address', label: t('Adresse'), inTown: true }],
    },
    {
      id: 'born',
      title: t('Votre date de naissance'),
      fields: [{ id: 'born', type: 'date', label: t('Date'), max: 0 }],
    },
    {
      id: 'details',
      title: t('Détails'),
      fields: [
        { id: 'phone', type: 'phone', label: t('Téléphone'), required: false },
        { id: 'people', type: 'number', label: t('Personnes'), required: false, min: 1 },
        { id: 'photos', type: 'file', label: t('Photos'), required: false, accept: ['image/jpeg'], maxFiles: 2 },
        { id: 'sworn', type: 'consent', label: t("J'atteste") },
      ],
    },
  ],
};
