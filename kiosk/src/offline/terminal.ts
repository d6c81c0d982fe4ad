// Owns what identifies this machine to the server: its terminal id and the site it stands in
// (set once at installation with `?site=`), and the secret its enrolment gave it (the set-up
// address's `#enrol=<id>.<secret>`), all kept in localStorage under keys a session's end keeps
// (session/erase.ts). None says anything about the people who use the terminal.
const ID_KEY = 'guichet.terminalId';
const SITE_KEY = 'guichet.site';
const SECRET_KEY = 'guichet.terminal.secret';
/** What the server's set-up address carries (server/terminals/enrolment.ts). */
const ENROLMENT = /(?:^#|&)enrol=([A-Za-z0-9._:-]{1,64})\.([A-Za-z0-9_-]{43})(?:&|$)/;

function storage(): Storage | undefined {
  try {
    return typeof localStorage === 'undefined' ? undefined : localStorage;
  } catch {
    return undefined;
  }
}

/** This terminal's id, made the first time it is asked for. */
export function terminalId(): string {
  const store = storage();
  let id = store?.getItem(ID_KEY) ?? undefined;
  if (!id) {
    id = `t-${crypto.randomUUID()}`;
    store?.setItem(ID_KEY, id);
  }
  return id;
}

/** The secret this terminal's heartbeats carry; `''` until an admin or the reception enrolled it. */
export function terminalSecret(): string {
  return storage()?.getItem(SECRET_KEY) ?? '';
}

/**
 * Keeps the id and secret of a set-up address's fragment (`#enrol=<id>.<secret>`), which
 * replace the terminal's own random id. True when the fragment held one.
 */
export function rememberEnrolment(hash: string): boolean {
  const match = ENROLMENT.exec(hash);
  const store = storage();
  if (!match || !store) return false;
  store.setItem(ID_KEY, match[1]!);
  store.setItem(SECRET_KEY, match[2]!);
  return true;
}

/** Where the terminal stands (`mediatheque`, `accueil-mairie`), or `''` when nobody said. */
export function terminalSite(search: string = typeof location === 'undefined' ? '' : location.search): string {
  const store = storage();
  const given = new URLSearchParams(search).get('site')?.trim();
  if (given && /^[\w.-]{1,64}$/.test(given)) store?.setItem(SITE_KEY, given);
  return store?.getItem(SITE_KEY) ?? '';
}

const CHANNEL_KEY = 'guichet.terminal.channel';
const CHANNELS = ['epn', 'reception', 'tiers-lieu'];

/**
 * How people reach this terminal (`epn`: a public digital space, `reception`: the town hall's
 * desk, `tiers-lieu`), set once with `?channel=` like the site; sent with every submission and
 * mandate as `Guichet-Channel`. `''` when nobody said.
 */
export function terminalChannel(search: string = typeof location === 'undefined' ? '' : location.search): string {
  const store = storage();
  const given = new URLSearchParams(search).get('channel')?.trim();
  if (given && CHANNELS.includes(given)) store?.setItem(CHANNEL_KEY, given);
  return store?.getItem(CHANNEL_KEY) ?? '';
}

/**
 * Keeps `?site=` and `?channel=` of the installation visit. Called first thing at start: the
 * first navigation replaces the address, and with it the query, before the offline side (which
 * sends them) has loaded.
 */
export function rememberInstallation(search: string = location.search, hash: string = location.hash): void {
  terminalSite(search);
  terminalChannel(search);
  // The secret leaves the address bar (and the history entry) at once: it is not for the screen.
  if (rememberEnrolment(hash) && typeof history !== 'undefined') history.replaceState(history.state, '', `${location.pathname}${location.search}`);
}
