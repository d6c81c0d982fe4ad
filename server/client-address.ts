// Owns who the client of a request is, for the limits that count per address. The socket's
// peer is the client, unless that peer is a proxy the town named (GUICHET_TRUSTED_PROXIES):
// then the client is the nearest address in `Forwarded` (or else `X-Forwarded-For`) that is
// not one of those proxies. A header from anyone else is ignored, since any client can write one.
import { BlockList, isIP } from 'node:net';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context, MiddlewareHandler } from 'hono';

/** The proxies whose forwarding headers are believed. */
export interface TrustedProxies {
  /** Whether `address` (IPv4 or IPv6) is one of them. */
  has(address: string): boolean;
  /** How they were written, for the start-up log. */
  readonly entries: readonly string[];
}

/** No proxy trusted: the socket's peer is always the client. */
export const NO_TRUSTED_PROXIES: TrustedProxies = { has: () => false, entries: [] };

/** `::ffff:10.0.0.7` (an IPv4 client on a dual-stack socket) is `10.0.0.7`. */
function plain(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return (mapped?.[1] ?? address).toLowerCase();
}

/**
 * Reads a list of addresses and CIDR blocks separated by commas or spaces; throws, naming the
 * entry, on anything else.
 *
 * @example parseTrustedProxies('127.0.0.1, 10.0.0.0/8 ::1').has('10.2.3.4') // true
 */
export function parseTrustedProxies(raw: string): TrustedProxies {
  const list = new BlockList();
  const entries = raw.split(/[\s,]+/).filter(Boolean);
  for (const entry of entries) {
    const [address = '', prefix, extra] = entry.split('/');
    const family = isIP(address);
    const bits = prefix === undefined ? undefined : Number(prefix);
    const maxBits = family === 6 ? 128 : 32;
    if (family === 0 || extra !== undefined || (bits !== undefined && !(Number.isInteger(bits) && bits >= 0 && bits <= maxBits && prefix !== '')))
      throw new Error(`GUICHET_TRUSTED_PROXIES: "${entry}" is not an address nor an address/prefix (CIDR).`);
    const type = family === 6 ? 'ipv6' : 'ipv4';
    if (bits === undefined) list.addAddress(address, type);
    else list.addSubnet(address, bits, type);
  }
  return {
    entries,
    has(address) {
      const candidate = plain(address);
      const family = isIP(candidate);
      if (family === 0) return false;
      return list.check(candidate, family === 6 ? 'ipv6' : 'ipv4');
    },
  };
}

/** One hop of a forwarding header as an address: quotes, brackets and port taken off. */
function hopAddress(raw: string): string {
  let value = raw.trim().replace(/^"(.*)"$/, '$1');
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(value);
  if (bracketed?.[1]) value = bracketed[1];
  const withPort = /^(\d+\.\d+\.\d+\.\d+):\d+$/.exec(value);
  if (withPort?.[1]) value = withPort[1];
  // An obfuscated identifier (`_hidden`, RFC 7239) or `unknown` is kept as written, bounded.
  return plain(value).slice(0, 64);
}

/** The hops a request went through, farthest first, from `Forwarded` or else `X-Forwarded-For`. */
function forwardedHops(c: Context): string[] {
  const forwarded = c.req.header('forwarded');
  if (forwarded) {
    return forwarded
      .split(',')
      .map((element) => {
        const pair = element.split(';').find((p) => /^\s*for\s*=/i.test(p));
        return pair ? hopAddress(pair.slice(pair.indexOf('=') + 1)) : '';
      })
      .filter(Boolean);
  }
  const xff = c.req.header('x-forwarded-for');
  return xff ? xff.split(',').map(hopAddress).filter(Boolean) : [];
}

function peerOf(c: Context): string | undefined {
  try {
    const address = getConnInfo(c).remote.address;
    return address ? plain(address) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The client of this request: the peer, or, when the peer is a trusted proxy, the nearest hop
 * its chain names that is not itself a trusted proxy (the farthest one when all are).
 *
 * @example resolveClient('127.0.0.1', ['203.0.113.9', '10.0.0.2'], parseTrustedProxies('127.0.0.1 10.0.0.0/8')) // '203.0.113.9'
 */
export function resolveClient(peer: string | undefined, hops: readonly string[], trusted: TrustedProxies): string | undefined {
  if (peer === undefined || !trusted.has(peer) || hops.length === 0) return peer;
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = hops[i]!;
    if (!trusted.has(hop)) return hop;
  }
  return hops[0];
}

const resolved = new WeakMap<Request, string>();

/**
 * Settles the client's address once per request, for `clientAddressOf`.
 *
 * @example app.use(clientAddresses(parseTrustedProxies(process.env.GUICHET_TRUSTED_PROXIES ?? '')))
 */
export function clientAddresses(trusted: TrustedProxies): MiddlewareHandler {
  return async (c, next) => {
    const client = resolveClient(peerOf(c), forwardedHops(c), trusted);
    if (client !== undefined) resolved.set(c.req.raw, client);
    await next();
  };
}

/** The client's address as `clientAddresses` settled it, else the peer; `unknown` without a socket (tests). */
export function clientAddressOf(c: Context): string {
  return resolved.get(c.req.raw) ?? peerOf(c) ?? 'unknown';
}
