import { freshDatabase } from '../../test/support/postgres.ts';
import { createPostgresStore } from './index.ts';
import { testRequestLife } from './request-life.contract.ts';

testRequestLife(async () => {
  const connectionString = await freshDatabase();
  return () => createPostgresStore({ connectionString });
});
