import { freshDatabase } from '../../test/support/postgres.ts';
import { createPostgresStore } from './index.ts';
import { testStore } from './store.contract.ts';

testStore(async (options) => createPostgresStore({ connectionString: await freshDatabase(), ...options }));
