import { readFileSync } from 'node:fs';
import { defineConfig, type Plugin } from 'vite';
import preact from '@preact/preset-vite';
import { VitePWA } from 'vite-plugin-pwa';

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string };

/**
 * What the home screen needs that the page would find only late, asked for from the page's head:
 * - the French interface texts (kiosk/src/i18n: French is the fallback every other locale
 *   starts from), a chunk of their own found only when the script runs: a modulepreload
 *   fetches and compiles them while the main script loads;
 * - the fonts home is drawn in (Atkinson Hyperlegible regular and bold, and the bold Arabic of
 *   the "العربية" language button), which a browser asks for only once it lays text out: on a
 *   terminal just switched on, that was after the first render, and home was laid out twice.
 */
const HOME_FONTS = [/^atkinson-hyperlegible-latin-400-normal-/, /^atkinson-hyperlegible-latin-700-normal-/, /^noto-sans-arabic-arabic-700-normal-/];

function preloadWhatHomeNeeds(): Plugin {
  return {
    name: 'guichet:preload-what-home-needs',
    transformIndexHtml: {
      order: 'post',
      handler(_html, { bundle }) {
        const outputs = Object.values(bundle ?? {});
        const texts = outputs.find(
          (output) => output.type === 'chunk' && output.facadeModuleId?.endsWith('/content/locales/fr/ui.json'),
        );
        const fonts = outputs.filter(
          (output) => output.type === 'asset' && output.fileName.endsWith('.woff2') && HOME_FONTS.some((name) => name.test(output.fileName.replace(/^assets\//, ''))),
        );
        return [
          ...(texts ? [{ tag: 'link', attrs: { rel: 'modulepreload', crossorigin: true, href: `/${texts.fileName}` }, injectTo: 'head' as const }] : []),
          ...fonts.map((font) => ({
            tag: 'link',
            attrs: { rel: 'preload', as: 'font', type: 'font/woff2', crossorigin: true, href: `/${font.fileName}` },
            injectTo: 'head' as const,
          })),
        ];
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
    preloadWhatHomeNeeds(),
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
