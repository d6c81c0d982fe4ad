// `npm run bench`: runs every test/bench/*.bench.ts in turn and prints the table each returns.
// A bench file's default export is `() => Promise<BenchTable>`. Benchmarks measure; they never
// assert a duration.
import { readdirSync } from 'node:fs';

export interface BenchTable {
  title: string;
  rows: Array<Record<string, string | number>>;
  /** Lines printed under the table: what was measured and how. */
  notes?: string[];
}

const only = process.argv[2];
const dir = new URL('./', import.meta.url);
const files = readdirSync(dir)
  .filter((name) => name.endsWith('.bench.ts') && (!only || name.includes(only)))
  .sort();

function print(table: BenchTable): void {
  const columns = [...new Set(table.rows.flatMap((row) => Object.keys(row)))];
  const cells = table.rows.map((row) => columns.map((c) => String(row[c] ?? '')));
  const widths = columns.map((c, i) => Math.max(c.length, ...cells.map((r) => r[i]!.length)));
  const line = (values: string[]) => `| ${values.map((v, i) => v.padEnd(widths[i]!)).join(' | ')} |`;
  console.log(`\n## ${table.title}\n`);
  console.log(line(columns));
  console.log(`| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`);
  for (const row of cells) console.log(line(row));
  for (const note of table.notes ?? []) console.log(`\n${note}`);
}

for (const file of files) {
  const bench = (await import(new URL(file, dir).href)) as { default: () => Promise<BenchTable> };
  print(await bench.default());
}
if (files.length === 0) console.log('No test/bench/*.bench.ts file.');
process.exit(0);
