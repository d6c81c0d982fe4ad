// Owns what identifies this machine to the server: a random terminal id and the site it
// stands in (set once at installation with `?site=`), both kept in localStorage. Neither says
// anything about the people who use the terminal.
const ID_KEY = 'guichet.terminalId';
const SITE_KEY = 'guichet.site';

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
export function rememberInstallation(search: string = location.search): void {
  terminalSite(search);
  terminalChannel(search);
}
