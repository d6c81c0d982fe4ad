import { readFileSync } from 'node:fs';
import { defineConfig, type Plugin } from 'vite';
import preact from '@preact/preset-vite';
import { VitePWA } from 'vite-plugin-pwa';

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string };

/**
 * The French interface texts are the first thing the kiosk loads after its own script
 * (kiosk/src/i18n: French is the fallback every other locale starts from). They are a chunk
 * of their own, found only when the script runs; a modulepreload in the page fetches and
 * compiles them while the main script does, instead of after it.
 */
function preloadFallbackTexts(): Plugin {
  return {
    name: 'guichet:preload-fallback-texts',
    transformIndexHtml: {
      order: 'post',
      handler(_html, { bundle }) {
        const chunk = Object.values(bundle ?? {}).find(
          (output) => output.type === 'chunk' && output.facadeModuleId?.endsWith('/content/locales/fr/ui.json'),
        );
        if (!chunk) return [];
        return [{ tag: 'link', attrs: { rel: 'modulepreload', crossorigin: true, href: `/${chunk.fileName}` }, injectTo: 'head' }];
      },
    },
  };
}

// The kiosk is built into dist/kiosk and served by the Hono server (server/main.ts).
// During `npm run dev`, API calls are proxied to a server started on port 8080.
export default defineConfig({
  root: 'kiosk',
  publicDir: 'public',
  resolve: {
    // Dexie's ESM build: its default entry wraps the UMD file, and the CommonJS helpers that
    // brings would land in a chunk the first screen needs, pulling Dexie in before home.
    alias: [{ find: /^dexie$/, replacement: 'dexie/dist/dexie.mjs' }],
  },
  define: {
    __GUICHET_VERSION__: JSON.stringify(version),
  },
  plugins: [
    preact(),
    preloadFallbackTexts(),
    // kiosk/src/sw.ts, built by Vite with the precache manifest injected (sw.js at the root).
    VitePWA({
      strategies: 'injectManifest',
      srcDir: 'src',
      filename: 'sw.ts',
      injectRegister: false,
      manifest: false,
      injectManifest: {
        // The shell, every locale's texts (own chunks) and the fonts; woff2 only, which every
        // browser the kiosk runs on reads, so the .woff copies are never fetched.
        globPatterns: ['**/*.{js,css,html,woff2,svg}'],
        globIgnores: ['sw.js'],
      },
      devOptions: { enabled: false },
    }),
  ],
  build: {
    outDir: '../dist/kiosk',
    emptyOutDir: true,
    target: 'es2022',
  },
  server: {
    proxy: { '/api': 'http://localhost:8080' },
  },
});
