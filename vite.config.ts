import { defineConfig } from 'vite';
import preact from '@preact/preset-vite';

// The kiosk is built into dist/kiosk and served by the Hono server (server/main.ts).
// During `npm run dev`, API calls are proxied to a server started on port 8080.
export default defineConfig({
  root: 'kiosk',
  publicDir: 'public',
  plugins: [preact()],
  build: {
    outDir: '../dist/kiosk',
    emptyOutDir: true,
    target: 'es2022',
  },
  server: {
    proxy: { '/api': 'http://localhost:8080' },
  },
});
