/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
// Dates and times on staff pages: a <time> with the machine value, written in French in the
// town's time zone, so a screen reader and a person read the same thing.
import { TOWN_TIME_ZONE } from '../../content/model/index.ts';

const DATE_TIME = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'short', timeStyle: 'short', timeZone: TOWN_TIME_ZONE });
const LONG_DATE = new Intl.DateTimeFormat('fr-FR', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

/**
 * An instant, `07/12/2026 22:30` in Paris time.
 *
 * @example <Time iso="2026-12-07T21:30:00Z" />
 */
export function Time(props: { iso: string | undefined }) {
  if (!props.iso) return <>—</>;
  return <time datetime={props.iso}>{DATE_TIME.format(new Date(props.iso))}</time>;
}

/**
 * A calendar day `YYYY-MM-DD`, written out: `15 avril 2026`.
 *
 * @example <Day date="2026-04-15" />
 */
export function Day(props: { date: string | undefined }) {
  if (!props.date) return <>—</>;
  return <time datetime={props.date}>{LONG_DATE.format(new Date(`${props.date}T00:00:00Z`))}</time>;
}
