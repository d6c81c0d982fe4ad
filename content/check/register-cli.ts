// `npm run register`: writes docs/register-of-processing.md from the content (site.yaml
// `register:` and the procedures), after checking it. Run it when a procedure or site.yaml
// changes; register.test.ts fails while the file in the repository is not the generated one.
import { writeFileSync } from 'node:fs';
import { registerMarkdown } from '../model/index.ts';
import { loadContent } from './index.ts';

const contentDir = process.env.CONTENT_DIR ?? new URL('../', import.meta.url).pathname;
const out = new URL('../../docs/register-of-processing.md', import.meta.url).pathname;
writeFileSync(out, registerMarkdown(loadContent(contentDir)));
console.log(`register of processing written to ${out}`);
