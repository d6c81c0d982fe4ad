import { describe, expect, it } from 'vitest';
import { lintFalc, type FalcRule } from './falc.ts';

const rules = (text: string): FalcRule[] => lintFalc(text).map((f) => f.rule);

/** For each rule: sentences that must pass (no finding of that rule) and ones that must fail. */
const cases: Record<FalcRule, { pass: string[]; fail: string[] }> = {
  jargon: {
    pass: [
      'Vous avez fait une pré-demande sur internet ?',
      'La réponse est non ? Vous avez 2 mois pour demander de la changer.',
      'En danger, appelez le numéro d’urgence : le 112.',
    ],
    fail: ['Le numéro de la pré-demande.', 'Vous avez 2 mois pour contester.', 'Écrivez au tribunal administratif.', 'Appelez le numéro d’urgence.'],
  },
  'sentence-length': {
    pass: [
      'Vous avez une question pour la mairie.',
      // 12 words exactly; elisions and hyphenated names are one word each.
      "Vous pouvez écrire à l'accueil de la mairie de Belval-sur-Loire avant lundi.",
      // The hint's example is not counted, however long.
      'Écrivez avec vos mots. Par exemple : Je voudrais savoir quand la piscine de la ville ouvre cet été.',
      // An email or a URL is one word.
      'Écrivez à marie.martin@exemple.fr ou allez sur https://www.belval-sur-loire.fr/demarches.',
    ],
    fail: ['Vous savez ce que vous voulez demander à la mairie de la ville avant de venir au guichet.'],
  },
  abbreviation: {
    pass: [
      'Le centre social de la ville vous aide.',
      'Par exemple : CCAS de Belval-sur-Loire',
      'Écrivez à etat-civil@belval-sur-loire.fr.',
    ],
    fail: [
      'Le CCAS vous aide.',
      'Apportez vos papiers, etc.',
      'Apportez un papier, ex. une facture.',
      'Écrivez le n° de votre maison.',
      'M. Martin vous répond.',
      'Mme Martin vous répond.',
      'Le service de la S.N.C.F. vous aide.',
    ],
  },
  'number-in-words': {
    pass: [
      'Vous avez un enfant.',
      'Vous avez une question.',
      'Vous avez 2 enfants.',
      "Votre vélo est neuf.",
      'Nous répondons en septembre.',
    ],
    fail: ['Vous avez deux enfants.', 'La mairie répond en dix jours.', 'Il faut mille euros.', 'Le rendez-vous dure neuf minutes.', 'Vous avez dix-huit ans.'],
  },
  percentage: {
    pass: ['1 personne sur 2 vient le matin.'],
    fail: ['50 % des personnes viennent le matin.', 'Vous payez dix pour cent de moins.'],
  },
  'roman-numeral': {
    pass: ['Le maire vous répond.', 'Ce document est pour vous.', 'De 9 heures à 12 heures.', 'Le 21e siècle.'],
    fail: ['Le château de Louis XIV.', 'Le XXIe siècle.', 'Le Ier arrondissement.'],
  },
  parentheses: {
    pass: ['Apportez une photo. La photo est récente.'],
    fail: ['Apportez une photo (récente).'],
  },
  passive: {
    pass: [
      'La mairie envoie votre demande.',
      "C'est vrai.",
      'Vous êtes né à Belval-sur-Loire.',
      'Elle est partie en vacances.',
      'Il s\'est inscrit à la cantine.',
      'La mairie est fermée le lundi.',
      'Vous êtes agent de la ville.',
      'Quelle est votre adresse ?',
      "C'est ici.",
      'Êtes-vous sûr ?',
      'Vous êtes le parent de l\'enfant.',
    ],
    fail: [
      'Votre demande est envoyée.',
      'Votre dossier sera traité par la mairie.',
      "Votre demande n'est pas reçue.",
      'Les papiers ont été envoyés hier.',
      'Les documents seront bientôt rendus.',
    ],
  },
  'double-negation': {
    pass: ["Je ne suis pas content.", "Vous n'avez rien à payer.", 'Ne venez pas demain, venez lundi.'],
    fail: ["Ce n'est pas rien.", "Il n'y a jamais rien à payer.", "Ce n'est pas impossible.", 'Il vient, non sans peine.'],
  },
  'avoidable-negation': {
    pass: ['Pensez à votre carte.', 'Internet ne marche pas.', 'Vous pouvez ajouter des photos, si vous voulez.', 'Restez sur cette page.'],
    fail: [
      "N'oubliez pas votre carte.",
      "N’hésitez pas à demander.",
      "Ce n'est pas obligatoire.",
      'Ne quittez pas cette page.',
      'Ne donnez jamais votre code.',
      "Vous n'êtes pas d'accord ?",
      'Ne venez pas avant 9 heures.',
    ],
  },
  'digit-date': {
    pass: ['Venez le 12 mars 2025.', 'Appelez le 06.12.34.56.78.', 'Par exemple : 06 12 34 56 78'],
    fail: ['Venez le 12/03/2025.', 'Venez le 2025-03-12.', 'Venez le 12.03.25.'],
  },
};

describe('lintFalc', () => {
  describe.each(Object.entries(cases))('%s', (rule, { pass, fail }) => {
    it.each(pass)('passes: %s', (text) => {
      expect(rules(text)).not.toContain(rule);
    });
    it.each(fail)('flags: %s', (text) => {
      expect(rules(text)).toContain(rule);
    });
  });

  it('finds nothing in a plain easy-to-read text', () => {
    expect(lintFalc('Vous avez une question pour la mairie. Vous voulez demander quelque chose.')).toEqual([]);
  });

  it('quotes the words at fault, so an editor finds them', () => {
    expect(lintFalc('Le dossier est traité.')).toEqual([
      { rule: 'passive', message: 'passive voice «est traité»: say who does it ("La mairie envoie …")' },
    ]);
    expect(lintFalc('Le CCAS répond.')[0]?.message).toContain('«CCAS»');
  });

  it('treats i18next placeholders as words and ignores markup', () => {
    expect(lintFalc('Étape {{current}} sur {{total}}.')).toEqual([]);
    expect(lintFalc('Touchez <1>Envoyer</1>.')).toEqual([]);
  });
});
