// Node-side door to content: read it from disk and check it.
export { CONTENT_DIR, readContent } from './load.ts';
