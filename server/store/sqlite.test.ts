import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSqliteStore } from './index.ts';
import { testStore } from './store.contract.ts';

testStore((options) => createSqliteStore({ file: join(mkdtempSync(join(tmpdir(), 'guichet-store-')), 'guichet.sqlite'), ...options }));
