/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
// The staff side of help booking, mounted at /agenda by app.ts, for accounts signed in on a
// kiosk (the mediators' and reception's sessions): the day's bookings per place or per
// mediator, as a page that prints, who came and who did not, booking for a walk-in or a phone
// call, and each mediator's iCalendar feed behind a secret address (no session: a calendar
// application fetches it), which names who comes and never how to reach them.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { Hono } from 'hono';
import { z } from 'zod';
import { helpSlot, helpSlots, townInstant, type Content, type HelpAgendas, type HelpSlot } from '../../content/model/index.ts';
import { todayIn } from '../../content/model/index.ts';
import { GuichetError } from '../errors.ts';
import { ErrorSummary, FieldError, StaffLayout, Table, documentOf, fieldAttributes, type FieldProblem } from '../pages/index.ts';
import { requireRole, type StaffEnv } from '../staff/auth.ts';
import type { HelpBooking, Store } from '../store/types.ts';
import type { GuessLimiter } from '../tracking.ts';
import { jsonBody, limitBody, query } from '../validators.ts';
import { placeOf, slotTitle, whenInWords } from './booking.ts';
import { mediatorFeed } from './calendar.ts';
import { bookHelpSlot, bookingBody, type HelpDeps } from './routes.ts';

export interface AgendaDeps {
  content: Content;
  store: Store;
  now: () => Date;
  guesses: GuessLimiter;
  publicUrl: string;
  /** GUICHET_CALENDAR_SECRET: signs the mediators' feed addresses; without it, no feed. */
  calendarSecret?: string | undefined;
  onNotices?: () => void;
}

const noStore = { 'Cache-Control': 'no-store' } as const;
const PAGE_POLICY = "default-src 'none'; script-src 'none'; object-src 'none'; style-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
const TIME = new Intl.DateTimeFormat('fr-FR', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: 'Europe/Paris' });
const LONG_DAY = new Intl.DateTimeFormat('fr-FR', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

/** The feed's secret part for a mediator: an HMAC of their login, so no list of secrets is kept. */
export function feedToken(secret: string, login: string): string {
  return createHmac('sha256', secret).update(`help-feed:${login}`).digest('base64url').slice(0, 32);
}

const sameToken = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/** The agendas a mediator holds (their permanences); a reception account sees every one. */
function agendasOf(help: HelpAgendas, role: string, login: string): string[] | undefined {
  if (role === 'reception') return undefined;
  return help.permanences.filter((p) => p.mediator === login).map((p) => p.id);
}

const dayQuery = z.strictObject({
  day: z.iso.date().optional(),
  place: z.string().min(1).max(64).optional(),
});

const STATE_WORDS: Record<string, string> = { booked: 'Réservé', offered: 'Place proposée, en attente de confirmation' };
const ATTENDANCE_WORDS: Record<string, string> = { attended: 'Venu(e)', 'no-show': 'Absent(e)' };

function DayPage(props: { content: Content; help: HelpAgendas; day: string; place?: string; who: string; bookings: readonly HelpBooking[]; showPhone: boolean }) {
  const { help, content } = props;
  const places = props.place ? help.places.filter((p) => p.id === props.place) : help.places;
  const dayWords = LONG_DAY.format(new Date(`${props.day}T00:00:00Z`));
  return (
    <StaffLayout title={`Rendez-vous d’aide du ${dayWords}`} area="Accueil" stylesheet="/reception/reception.css" user={{ name: props.who }}>
      <h1>Rendez-vous d’aide du {dayWords}</h1>
      <p>
        <a href="/agenda/book">Réserver pour quelqu’un (sur place ou au téléphone)</a>
      </p>
      <p>
        <a href={`/agenda?day=${props.day}`}>Tous les lieux</a>
        {help.places.map((p) => (
          <>
            {' · '}
            <a href={`/agenda?day=${props.day}&place=${p.id}`} aria-current={props.place === p.id ? 'page' : undefined}>
              {p.name.fr ?? p.id}
            </a>
          </>
        ))}
      </p>
      {places.map((place) => (
        <section aria-labelledby={`place-${place.id}`}>
          <h2 id={`place-${place.id}`}>{placeOf(help, place.id, 'fr', content.site.defaultLocale).name}</h2>
          <Table
            id={`list-${place.id}`}
            caption={`Personnes attendues (${props.bookings.filter((b) => b.slot.place === place.id).length})`}
            empty="Personne n’a réservé."
            rows={props.bookings.filter((b) => b.slot.place === place.id)}
            columns={[
              { header: 'Heure', cell: (b: HelpBooking) => <time datetime={b.slot.start}>{TIME.format(new Date(b.slot.start))}</time> },
              { header: 'Pour', cell: (b: HelpBooking) => slotTitle(help, b.slot, 'fr', content.site.defaultLocale) },
              { header: 'Nom', cell: (b: HelpBooking) => <span dir="auto">{b.name}</span> },
              ...(props.showPhone ? [{ header: 'Téléphone', cell: (b: HelpBooking) => <span dir="ltr">{b.phone ?? '—'}</span> }] : []),
              { header: 'État', cell: (b: HelpBooking) => (b.attendance ? ATTENDANCE_WORDS[b.attendance] : STATE_WORDS[b.state] ?? b.state) },
              {
                header: 'Présence',
                cell: (b: HelpBooking) => (
                  <form method="post" action={`/agenda/bookings/${b.id}/attendance?day=${props.day}${props.place ? `&place=${props.place}` : ''}`}>
                    <button type="submit" name="attendance" value="attended" class="secondary">
                      Venu(e)<span class="visually-hidden"> : {b.name}</span>
                    </button>{' '}
                    <button type="submit" name="attendance" value="no-show" class="secondary">
                      Absent(e)<span class="visually-hidden"> : {b.name}</span>
                    </button>
                  </form>
                ),
              },
            ]}
          />
        </section>
      ))}
    </StaffLayout>
  );
}

interface BookForm {
  slotId?: string;
  name?: string;
  phone?: string;
  email?: string;
  locale?: string;
}

/** Reception books for a walk-in or a phone call: a free slot, the name, a way to remind. */
function BookPage(props: { content: Content; help: HelpAgendas; who: string; slots: readonly HelpSlot[]; form: BookForm; problems: readonly FieldProblem[]; booked?: { code: string; slot: HelpSlot } }) {
  const { content, help, problems, form } = props;
  const title = props.booked ? 'Rendez-vous réservé' : 'Réserver pour quelqu’un';
  return (
    <StaffLayout title={title} area="Accueil" stylesheet="/reception/reception.css" user={{ name: props.who }} hasErrors={problems.length > 0}>
      <ErrorSummary problems={problems} />
      <h1>{title}</h1>
      {props.booked ? (
        <>
          <p>
            {slotTitle(help, props.booked.slot, 'fr', content.site.defaultLocale)}, {placeOf(help, props.booked.slot.place, 'fr', content.site.defaultLocale).name},{' '}
            {whenInWords(props.booked.slot.start, 'fr')}.
          </p>
          <p>
            Code à donner à la personne : <strong dir="ltr">{props.booked.code}</strong>
          </p>
          <p>
            <a href={`/api/help/bookings/${props.booked.code}/ticket.pdf`}>Imprimer le ticket</a> · <a href="/agenda/book">Réserver pour une autre personne</a>
          </p>
        </>
      ) : (
        <form method="post" action="/agenda/book" novalidate>
          <fieldset {...fieldAttributes(problems, 'slotId', { group: true })}>
            <legend>Créneau (les prochains libres)</legend>
            <FieldError problems={problems} field="slotId" />
            {props.slots.length === 0 ? <p>Aucun créneau libre.</p> : null}
            {props.slots.map((slot, index) => (
              <p>
                <input type="radio" name="slotId" id={index === 0 ? 'slotId' : `slotId-${index}`} value={slot.id} checked={form.slotId === slot.id} />{' '}
                <label for={index === 0 ? 'slotId' : `slotId-${index}`}>
                  {whenInWords(slot.start, 'fr')} — {slotTitle(help, slot, 'fr', content.site.defaultLocale)} — {placeOf(help, slot.place, 'fr', content.site.defaultLocale).name}
                </label>
              </p>
            ))}
          </fieldset>
          <p>
            <label for="name">Nom de la personne</label>
            <FieldError problems={problems} field="name" />
            <input id="name" name="name" type="text" autocomplete="off" value={form.name ?? ''} {...fieldAttributes(problems, 'name')} />
          </p>
          <p>
            <label for="phone">Téléphone portable, pour le rappel par SMS (facultatif)</label>
            <FieldError problems={problems} field="phone" />
            <input id="phone" name="phone" type="tel" autocomplete="off" dir="ltr" value={form.phone ?? ''} {...fieldAttributes(problems, 'phone')} />
          </p>
          <p>
            <label for="locale">Langue des messages</label>
            <select id="locale" name="locale">
              {content.site.locales.map((l) => (
                <option value={l.code} selected={(form.locale ?? content.site.defaultLocale) === l.code} lang={l.code}>
                  {l.name}
                </option>
              ))}
            </select>
          </p>
          <p>
            <button type="submit">Réserver</button>
          </p>
        </form>
      )}
    </StaffLayout>
  );
}

/**
 * `/agenda`: the day's list, attendance, booking for someone, the feed.
 *
 * @example app.route('/agenda', agendaRoutes({ content, store, now, guesses, publicUrl, calendarSecret }))
 */
export const agendaRoutes = (deps: AgendaDeps) => {
  const { content } = deps;
  const help = (): HelpAgendas => {
    const agendas = content.site.help;
    if (!agendas) throw new GuichetError('help-closed', 'Cette commune ne propose pas de rendez-vous d’aide.');
    return agendas;
  };
  const staffOnly = requireRole(deps, ['reception', 'mediator']);
  /** The next slots with a place left, everywhere, soonest first: the first 20. */
  const freeSlotsFor = async (agendas: HelpAgendas): Promise<HelpSlot[]> => {
    const slots = helpSlots(agendas, deps.now()).slice(0, 200);
    const taken = await deps.store.helpTaken(slots.map((s) => s.id));
    return slots.filter((s) => (taken.get(s.id) ?? 0) < s.capacity).slice(0, 20);
  };
  const dayBounds = (day: string) => {
    const next = new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    return { from: townInstant(day, 0), to: townInstant(next, 0) };
  };

  return (
    new Hono<StaffEnv>()
      // The feed first: a calendar application has no session, the secret address is its key.
      .get('/feed/:login/:file', async (c) => {
        const agendas = help();
        const login = c.req.param('login');
        const token = c.req.param('file').replace(/\.ics$/, '');
        const permanences = agendas.permanences.filter((p) => p.mediator === login);
        if (!deps.calendarSecret || permanences.length === 0 || !sameToken(token, feedToken(deps.calendarSecret, login)))
          throw new GuichetError('not-found', 'Aucun agenda à cette adresse.');
        const now = deps.now();
        const from = townInstant(todayIn(now), 0);
        const to = new Date(from.getTime() + (agendas.horizonDays + 1) * 86_400_000);
        const bookings = await deps.store.helpDayList({ from: new Date(from.getTime() - 7 * 86_400_000), to, agendas: permanences.map((p) => p.id) });
        return c.body(mediatorFeed(content.site, permanences[0]!.name, bookings, new URL(deps.publicUrl).host, now), 200, {
          ...noStore,
          'Content-Type': 'text/calendar; charset=utf-8',
        });
      })
      .use('*', staffOnly)
      .use('*', limitBody(16 * 1024))
      .get('/', query(dayQuery), async (c) => {
        const agendas = help();
        const { account } = c.get('staff');
        const q = c.req.valid('query');
        const day = q.day ?? todayIn(deps.now());
        const mine = agendasOf(agendas, account.role, account.login);
        const bookings = await deps.store.helpDayList({ ...dayBounds(day), ...(q.place ? { place: q.place } : {}), ...(mine ? { agendas: mine } : {}) });
        if (/application\/json/.test(c.req.header('accept') ?? ''))
          return c.json(
            bookings.map(({ phone: _phone, email: _email, ...b }) => b),
            200,
            noStore,
          );
        c.header('Content-Security-Policy', PAGE_POLICY);
        return c.html(
          documentOf(<DayPage content={content} help={agendas} day={day} {...(q.place ? { place: q.place } : {})} who={account.displayName} bookings={bookings} showPhone={account.role === 'reception'} />),
          200,
          noStore,
        );
      })
      .post('/bookings/:id/attendance', query(dayQuery), async (c) => {
        const { account } = c.get('staff');
        const form = z.object({ attendance: z.enum(['attended', 'no-show']) }).safeParse(await c.req.parseBody());
        if (!form.success) throw new GuichetError('invalid-body', 'Choisissez « Venu(e) » ou « Absent(e) ».');
        const booking = await deps.store.helpBookingById(c.req.param('id'));
        const mine = agendasOf(help(), account.role, account.login);
        if (!booking || (mine && !mine.includes(booking.slot.agenda))) throw new GuichetError('booking-not-found', 'Ce rendez-vous n’est pas dans votre agenda.');
        const marked = await deps.store.markHelpAttendance({ bookingId: booking.id, attendance: form.data.attendance, by: account.id, at: deps.now() });
        if (!marked) throw new GuichetError('booking-not-found', 'Ce rendez-vous est annulé.');
        const q = c.req.valid('query');
        return c.redirect(`/agenda?day=${q.day ?? todayIn(deps.now())}${q.place ? `&place=${encodeURIComponent(q.place)}` : ''}`, 303);
      })
      .post('/bookings', jsonBody(bookingBody), async (c) => {
        const { account } = c.get('staff');
        const helpDeps: HelpDeps = { content, store: deps.store, now: deps.now, guesses: deps.guesses, publicUrl: deps.publicUrl, ...(deps.onNotices ? { onNotices: deps.onNotices } : {}) };
        const { booking, outcome } = await bookHelpSlot(helpDeps, { ...c.req.valid('json'), channel: account.role === 'reception' ? 'reception' : 'mediator', bookedBy: account.id });
        return c.json({ code: booking.code, state: outcome, slot: booking.slot }, 201, noStore);
      })
      .get('/book', async (c) => {
        const agendas = help();
        const { account } = c.get('staff');
        const slots = await freeSlotsFor(agendas);
        c.header('Content-Security-Policy', PAGE_POLICY);
        return c.html(documentOf(<BookPage content={content} help={agendas} who={account.displayName} slots={slots} form={{}} problems={[]} />), 200, noStore);
      })
      .post('/book', async (c) => {
        const agendas = help();
        const { account } = c.get('staff');
        const raw = await c.req.parseBody();
        const form: BookForm = Object.fromEntries(Object.entries(raw).filter((e): e is [string, string] => typeof e[1] === 'string'));
        const problems: FieldProblem[] = [];
        if (!form.slotId) problems.push({ field: 'slotId', message: 'Choisissez un créneau.' });
        if (!form.name?.trim()) problems.push({ field: 'name', message: 'Écrivez le nom de la personne.' });
        const parsed = bookingBody.safeParse({
          slotId: form.slotId ?? '',
          name: form.name ?? '',
          locale: form.locale ?? content.site.defaultLocale,
          ...(form.phone?.trim() ? { phone: form.phone } : {}),
        });
        if (!parsed.success && parsed.error.issues.some((i) => i.path[0] === 'phone'))
          problems.push({ field: 'phone', message: 'Ce numéro ne marche pas : 10 chiffres, par exemple 06 12 34 56 78.' });
        c.header('Content-Security-Policy', PAGE_POLICY);
        const again = async (status: 400 | 409, extra: FieldProblem[] = []) =>
          c.html(documentOf(<BookPage content={content} help={agendas} who={account.displayName} slots={await freeSlotsFor(agendas)} form={form} problems={[...problems, ...extra]} />), status, noStore);
        if (problems.length > 0 || !parsed.success) return again(400);
        try {
          const helpDeps: HelpDeps = { content, store: deps.store, now: deps.now, guesses: deps.guesses, publicUrl: deps.publicUrl, ...(deps.onNotices ? { onNotices: deps.onNotices } : {}) };
          const { booking } = await bookHelpSlot(helpDeps, { ...parsed.data, channel: account.role === 'reception' ? 'reception' : 'mediator', bookedBy: account.id });
          const slot = helpSlot(agendas, booking.slot.id) ?? { ...booking.slot, topics: [] };
          return c.html(documentOf(<BookPage content={content} help={agendas} who={account.displayName} slots={[]} form={{}} problems={[]} booked={{ code: booking.code, slot }} />), 201, noStore);
        } catch (error) {
          if (error instanceof GuichetError && (error.code === 'slot-full' || error.code === 'slot-unknown'))
            return again(409, [{ field: 'slotId', message: 'Ce créneau vient d’être pris, ou il est passé : choisissez-en un autre.' }]);
          throw error;
        }
      })
      .get('/feed-url', async (c) => {
        const { account } = c.get('staff');
        if (!deps.calendarSecret) throw new GuichetError('not-found', 'Les agendas des médiateurs ne sont pas publiés (GUICHET_CALENDAR_SECRET absent).');
        return c.json({ url: `${deps.publicUrl.replace(/\/+$/, '')}/agenda/feed/${encodeURIComponent(account.login)}/${feedToken(deps.calendarSecret, account.login)}.ics` }, 200, noStore);
      })
  );
};
