// The peer the kiosk's offline start is measured against in the same run: a bare Preact shell
// (test/bench/peer-shell/), built by Vite, served on loopback and then from its service
// worker's cache. What the kiosk takes beyond it is the kiosk's own work; what both take is
// this machine's.
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import preact from '@preact/preset-vite';
import { build } from 'vite';

const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };

/** The shell's heading (peer-shell/main.tsx), which the bench waits for as it waits for the kiosk's. */
export const PEER_HEADING = 'Bienvenue à la mairie';

export interface PeerShell {
  url: string;
  /** Stops answering, as a server that is gone: the shell then comes from its worker's cache. */
  stop(): Promise<void>;
  /** Stops and removes its build. */
  close(): Promise<void>;
}

export async function startPeerShell(): Promise<PeerShell> {
  const out = mkdtempSync(join(tmpdir(), 'guichet-peer-shell-'));
  await build({
    configFile: false,
    root: new URL('./peer-shell/', import.meta.url).pathname,
    plugins: [preact()],
    logLevel: 'warn',
    build: { outDir: out, emptyOutDir: true, target: 'es2022' },
  });
  const server: Server = createServer(async (request, response) => {
    const path = normalize(new URL(request.url ?? '/', 'http://peer').pathname).replace(/^\/+/, '') || 'index.html';
    try {
      const body = await readFile(join(out, path));
      response.writeHead(200, { 'Content-Type': TYPES[extname(path)] ?? 'application/octet-stream' }).end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const stop = async () => {
    if (!server.listening) return;
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  };
  return {
    url: `http://127.0.0.1:${port}/`,
    stop,
    close: async () => {
      await stop();
      rmSync(out, { recursive: true, force: true });
    },
  };
}
