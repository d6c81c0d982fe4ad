// A TCP relay in front of the server that a test can cut and restore: a network failure for
// everything the browser does, service worker included (Chromium's offline emulation covers
// pages, not the worker's own fetches nor Background Sync). `cut` refuses connections, as a
// network that is down and says so; `stall` takes them and never answers nor closes them, as a
// link that died under a request (a cable pulled, a radio gone): the browser waits on them
// until it gives up by itself.
import { createServer, connect, type Socket } from 'node:net';
import { freePort } from './server.ts';

/** A connection the relay took while stalled: its requests, and whether the browser let it go. */
export interface StalledConnection {
  /** The request lines seen on it, e.g. `POST /api/submissions`. */
  requests: string[];
  closed: boolean;
}

/** What the relay saw, in order: a request forwarded to the server, or a stalled connection closed by the browser. */
export type LinkEvent = { kind: 'forwarded'; request: string } | { kind: 'stalled-closed'; requests: string[] };

export interface NetworkCut {
  url: string;
  cut: () => void;
  /** Every open connection is dropped and every new one is taken and left unanswered. */
  stall: () => void;
  restore: () => void;
  stalled: () => StalledConnection[];
  events: () => LinkEvent[];
  close: () => Promise<void>;
}

const REQUEST_LINE = /^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS) (\S+) HTTP\/1\.[01]\r?$/gm;

function requestLines(chunk: Buffer): string[] {
  return [...chunk.toString('latin1').matchAll(REQUEST_LINE)].map((m) => `${m[1]} ${m[2]}`);
}

export async function startNetworkCut(targetPort: number): Promise<NetworkCut> {
  const port = await freePort();
  const open = new Set<Socket>();
  const held: StalledConnection[] = [];
  const heldSockets = new Set<Socket>();
  const log: LinkEvent[] = [];
  let mode: 'up' | 'down' | 'stalled' = 'up';
  const relay = createServer((socket) => {
    if (mode === 'down') return socket.destroy();
    open.add(socket);
    socket.on('error', () => undefined);
    if (mode === 'stalled') {
      const connection: StalledConnection = { requests: [], closed: false };
      held.push(connection);
      heldSockets.add(socket);
      socket.on('data', (chunk: Buffer) => connection.requests.push(...requestLines(chunk)));
      socket.on('close', () => {
        open.delete(socket);
        connection.closed = true;
        log.push({ kind: 'stalled-closed', requests: connection.requests });
      });
      return;
    }
    const upstream = connect(targetPort, '127.0.0.1');
    open.add(upstream);
    upstream.on('error', () => undefined);
    for (const s of [socket, upstream]) s.on('close', () => open.delete(s));
    socket.on('data', (chunk: Buffer) => {
      for (const request of requestLines(chunk)) log.push({ kind: 'forwarded', request });
    });
    socket.pipe(upstream).pipe(socket);
    socket.on('close', () => upstream.destroy());
    upstream.on('close', () => socket.destroy());
  });
  await new Promise<void>((resolve) => relay.listen(port, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${port}`,
    cut: () => {
      mode = 'down';
      for (const s of open) s.destroy();
    },
    stall: () => {
      for (const s of open) if (!heldSockets.has(s)) s.destroy();
      mode = 'stalled';
    },
    // Stalled connections stay as they are: a connection that died is not revived.
    restore: () => {
      mode = 'up';
    },
    stalled: () => held,
    events: () => log,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of open) s.destroy();
        relay.close(() => resolve());
      }),
  };
}
