/**
 * The default open stages of Salesforce and HubSpot in the languages their default closed
 * stages are read in (de, fr, it, es, pt, nl): an open deal at `Prospection` is open, not a stage
 * the import could not map (which holds every deal figure of the week "not measured").
 */
import { describe, expect, it } from 'vitest';
import { importBytes, utf8 } from './helpers.js';
import { salesforceOpportunityOutcome } from '../../../functions/sources/salesforce/mapping.js';
import { hubspotDealOutcome } from '../../../functions/sources/hubspot/mapping.js';

const NO_FLAGS = { closed: null, won: null };

describe('Salesforce default open stages in other languages', () => {
  it.each([
    ['de', 'Qualifizierung', 'Bedarfsanalyse', 'Angebot/Preisangebot'],
    ['fr', 'Prospection', 'Analyse des besoins', 'Négociation/Révision'],
    ['it', 'Prospezione', 'Analisi delle esigenze', 'Negoziazione/Revisione'],
    ['es', 'Prospección', 'Análisis de necesidades', 'Negociación/Revisión'],
    ['pt', 'Prospecção', 'Análise de necessidades', 'Negociação/Revisão'],
    ['nl', 'Prospectie', 'Behoefteanalyse', 'Onderhandeling/beoordeling'],
  ])('%s: %s, %s, %s are open', (_lang, ...stages) => {
    for (const stage of stages)
      expect(salesforceOpportunityOutcome(stage, NO_FLAGS)).toEqual({ value: { isClosed: false, isWon: false } });
  });

  it('a French report with Prospection beside Fermée gagnée: both deals read, none unmapped', async () => {
    const { rows, rejects, notes } = await importBytes(
      'salesforce-opportunities-csv',
      utf8(
        [
          '"ID de l\'opportunité","Nom de l\'opportunité","Étape","Montant","Devise de l\'opportunité","Date de clôture","Date de création"',
          '"0065g00000XyZab","Norte","Fermée gagnée","6 700,00","USD","16/11/2026","16/11/2026"',
          '"0065g00000QrStu","Sud","Prospection","10 800,00","USD","20/12/2026","17/11/2026"',
        ].join('\n'),
      ),
      'opps-fr.csv',
    );
    expect(rejects).toEqual([]);
    expect(rows.map((r) => [r.is_won, r.is_closed])).toEqual([
      [true, true],
      [false, false],
    ]);
    expect(notes.unmappedLabels).toBeUndefined();
  });
});

describe('HubSpot default open stages in other languages', () => {
  it.each([
    'Termin vereinbart',
    'Rendez-vous programmé',
    'Appuntamento fissato',
    'Cita programada',
    'Compromisso agendado',
    'Afspraak gepland',
  ])('%s is open', (stage) => {
    expect(hubspotDealOutcome(stage, NO_FLAGS)).toEqual({ value: { isClosed: false, isWon: false } });
  });
});
