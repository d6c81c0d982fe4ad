// A TCP relay in front of the server that a test can cut and restore: a network failure for
// everything the browser does, service worker included (Chromium's offline emulation covers
// pages, not the worker's own fetches nor Background Sync).
import { createServer, connect, type Socket } from 'node:net';
import { freePort } from './server.ts';

export interface NetworkCut {
  url: string;
  cut: () => void;
  restore: () => void;
  close: () => Promise<void>;
}

export async function startNetworkCut(targetPort: number): Promise<NetworkCut> {
  const port = await freePort();
  const open = new Set<Socket>();
  let down = false;
  const relay = createServer((socket) => {
    if (down) return socket.destroy();
    const upstream = connect(targetPort, '127.0.0.1');
    for (const s of [socket, upstream]) {
      open.add(s);
      s.on('close', () => open.delete(s));
      s.on('error', () => undefined);
    }
    socket.pipe(upstream).pipe(socket);
    socket.on('close', () => upstream.destroy());
    upstream.on('close', () => socket.destroy());
  });
  await new Promise<void>((resolve) => relay.listen(port, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${port}`,
    cut: () => {
      down = true;
      for (const s of open) s.destroy();
    },
    restore: () => {
      down = false;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of open) s.destroy();
        relay.close(() => resolve());
      }),
  };
}
