import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSqliteStore } from './index.ts';
import { testRequestLife } from './request-life.contract.ts';

testRequestLife(async () => {
  const file = join(mkdtempSync(join(tmpdir(), 'guichet-life-')), 'guichet.sqlite');
  return () => createSqliteStore({ file });
});
