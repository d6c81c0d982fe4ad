// The antivirus: clamd (ClamAV's daemon, Debian's clamav-daemon) asked over its socket with the
// INSTREAM command: the bytes go in chunks, each after its length on 4 bytes (big-endian), a
// zero length ends them, and clamd answers one line, `stream: OK` or `stream: <name> FOUND`.
// A few lines of protocol rather than a client library: https://docs.clamav.net/manual/Usage/Scanning.html
import { connect, type NetConnectOpts } from 'node:net';

export type ScanResult = { clean: true } | { clean: false; signature: string };

export interface VirusScanner {
  /** Where it scans, for logs: the socket path or host:port. */
  readonly address: string;
  scan(bytes: Uint8Array): Promise<ScanResult>;
  /** Resolves when clamd answers PING; rejects with ScannerUnavailable otherwise. */
  ping(): Promise<void>;
}

/** clamd could not say: not running, not answering in time, or answering with an error. */
export class ScannerUnavailable extends Error {
  override name = 'ScannerUnavailable';
}

/** Chunks well under clamd's StreamMaxLength (25 MB by default). */
const CHUNK = 64 * 1024;

/**
 * `GUICHET_CLAMAV_SOCKET` as connection options: a path is clamd's LocalSocket, `host:port`
 * (or `tcp://host:port`) its TCPSocket.
 *
 * @example clamdAddress('/run/clamav/clamd.ctl') // { path: '/run/clamav/clamd.ctl' }
 */
export function clamdAddress(address: string): NetConnectOpts {
  const tcp = /^(?:tcp:\/\/)?(\[[^\]]+\]|[^/:]+):(\d{1,5})$/.exec(address);
  if (tcp) return { host: tcp[1]!.replace(/^\[|\]$/g, ''), port: Number(tcp[2]) };
  if (address.startsWith('/')) return { path: address };
  throw new Error(`GUICHET_CLAMAV_SOCKET must be the path of clamd's socket or host:port, not "${address}".`);
}

/**
 * A scanner talking to clamd; each scan opens its own connection (clamd answers one command
 * per connection and closes it).
 *
 * @example const scanner = createClamdScanner({ address: '/run/clamav/clamd.ctl' }); await scanner.scan(bytes)
 */
export function createClamdScanner(options: { address: string; timeoutMs?: number }): VirusScanner {
  const target = clamdAddress(options.address);
  const timeoutMs = options.timeoutMs ?? 10_000;

  /** Sends a command (and the stream after it, when given) and resolves with clamd's reply. */
  const ask = (command: string, stream?: Uint8Array) =>
    new Promise<string>((resolve, reject) => {
      const socket = connect(target);
      const reply: Buffer[] = [];
      let settled = false;
      const finish = (error?: Error) => {
        if (settled) return;
        settled = true;
        socket.destroy();
        const text = Buffer.concat(reply).toString('utf8').replace(/\0+$/, '').trim();
        if (text) resolve(text);
        else reject(new ScannerUnavailable(`clamd (${options.address}) ${error ? `: ${error.message}` : "n'a rien répondu"}`));
      };
      socket.setTimeout(timeoutMs, () => finish(new Error(`pas de réponse en ${timeoutMs} ms`)));
      socket.on('data', (data: Buffer) => reply.push(data));
      // A reply may come before an error (clamd closes early on a stream over its limit).
      socket.on('error', (error) => finish(error));
      socket.on('close', () => finish());
      socket.on('connect', () => {
        socket.write(`z${command}\0`);
        if (stream) {
          for (let at = 0; at < stream.length; at += CHUNK) {
            const chunk = stream.subarray(at, at + CHUNK);
            const length = Buffer.alloc(4);
            length.writeUInt32BE(chunk.length);
            socket.write(length);
            socket.write(chunk);
          }
          socket.write(Buffer.alloc(4));
        }
      });
    });

  return {
    address: options.address,
    async scan(bytes) {
      const reply = await ask('INSTREAM', bytes);
      if (reply === 'stream: OK') return { clean: true };
      const found = /^stream: (.+) FOUND$/.exec(reply);
      if (found) return { clean: false, signature: found[1]! };
      throw new ScannerUnavailable(`clamd (${options.address}) a répondu : ${reply}`);
    },
    async ping() {
      const reply = await ask('PING');
      if (reply !== 'PONG') throw new ScannerUnavailable(`clamd (${options.address}) a répondu à PING : ${reply}`);
    },
  };
}
