/**
 * Localized names shared by the spend formats (Google Ads, Meta, LinkedIn): the time segment
 * a report's rows are split by (Day, Week, Month, Quarter, Month of year, Year) and a campaign's own schedule
 * (Meta's `Starts` / `Ends`, `Ongoing` for a running campaign).
 *
 * English: Google Ads' segment names (Time → Day, Week, Month, Quarter, Month of year, Year) and Meta's column
 * names. The other languages are the products' usual UI words and are not verified against
 * real exports (docs/vendor-imports.md "Spend exports" lists them). "Day of week" /
 * "Wochentag" are other columns: names are compared whole, so they never match.
 */
import type { HeaderTable } from '../headers.js';

export const PERIOD_HEADERS = {
  day: { en: ['day'], de: ['tag'], fr: ['jour'], it: ['giorno'], es: ['día', 'dia'], pt: ['dia'], nl: ['dag'] },
  // Google Ads' UI also offers "Week (Mon - Sun)" and "Week (Sun - Sat)": the value is still
  // the week's first day, so any bracketed qualifier reads as a week.
  week: {
    en: ['week', /^week \(.+\)$/],
    de: ['woche', /^woche \(.+\)$/],
    fr: ['semaine', /^semaine \(.+\)$/],
    it: ['settimana', /^settimana \(.+\)$/],
    es: ['semana', /^semana \(.+\)$/],
    pt: ['semana', /^semana \(.+\)$/],
    nl: ['week', /^week \(.+\)$/],
  },
  month: { en: ['month'], de: ['monat'], fr: ['mois'], it: ['mese'], es: ['mes'], pt: ['mês', 'mes'], nl: ['maand'] },
  quarter: {
    en: ['quarter'],
    de: ['quartal'],
    fr: ['trimestre'],
    it: ['trimestre'],
    es: ['trimestre'],
    pt: ['trimestre'],
    nl: ['kwartaal'],
  },
  // Google Ads' Time → Year and Month of year: a row covers its year, or its month (a name
  // without a year) of the report's range, not the whole range.
  year: { en: ['year'], de: ['jahr'], fr: ['année'], it: ['anno'], es: ['año'], pt: ['ano'], nl: ['jaar'] },
  monthOfYear: {
    en: ['month of year', 'month of the year'],
    de: ['monat des jahres'],
    fr: ["mois de l'année"],
    it: ["mese dell'anno"],
    es: ['mes del año'],
    pt: ['mês do ano'],
    nl: ['maand van het jaar'],
  },
} satisfies HeaderTable;

/** A campaign's own first and last day beside a long reporting range (Meta "Starts" / "Ends"). */
export const SCHEDULE_HEADERS = {
  starts: {
    en: ['starts', 'campaign start date'],
    de: ['beginn', 'startet'],
    fr: ['début', 'commence'],
    it: ['inizio'],
    es: ['inicio'],
    pt: ['início', 'inicio'],
    nl: ['begint', 'start'],
  },
  ends: {
    en: ['ends', 'campaign end date'],
    de: ['ende', 'endet'],
    fr: ['fin', 'se termine'],
    it: ['fine'],
    es: ['finalización', 'fin'],
    pt: ['término', 'termino', 'fim'],
    nl: ['eindigt', 'einde'],
  },
} satisfies HeaderTable;

/** What an `Ends` cell says for a campaign still running (compared lower-case, trimmed). */
export const ONGOING: readonly string[] = [
  'ongoing',
  'fortlaufend',
  'laufend',
  'en cours',
  'in corso',
  'en curso',
  'em andamento',
  'contínuo',
  'continuo',
  'doorlopend',
];
