// `npm run sealing-keys -- list | new | retire <keyId>`: the server's sealing keys
// (server/sealing.ts), in GUICHET_SEALING_KEYS or DATA_DIR/sealing-keys, as the server reads them.
// A new key is published from the server's next start; the previous ones keep opening envelopes
// until they are retired (server/README.md, "Sealing keys: rotation").
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { readConfigOrExit } from '../config.ts';
import { newSealingKey, readSealingKeys, writeSealingKey } from '../sealing.ts';

const dir = readConfigOrExit(process.env).sealingDir;
const [command, keyId] = process.argv.slice(2);

function usage(): never {
  console.error('Usage: npm run sealing-keys -- list | new | retire <keyId>');
  process.exit(2);
}

const keys = readSealingKeys(dir);
switch (command) {
  case 'list':
    if (keys.length === 0) console.log(`No sealing key in ${dir}: the server writes one at its first start.`);
    keys.forEach((key, i) => console.log(`${key.keyId}  created ${key.createdAt}  ${i === 0 ? 'published (kiosks seal with it)' : 'previous (still opens)'}`));
    break;
  case 'new': {
    const key = newSealingKey();
    const file = writeSealingKey(dir, key);
    console.log(`Wrote ${file}. Restart the server to publish ${key.keyId}; ${keys.length} previous key(s) still open envelopes.`);
    break;
  }
  case 'retire': {
    if (!keyId) usage();
    const index = keys.findIndex((key) => key.keyId === keyId);
    if (index === -1) {
      console.error(`No key ${keyId} in ${dir}.`);
      process.exit(1);
    }
    if (index === 0) {
      console.error(`${keyId} is the published key: make a new one first (npm run sealing-keys -- new), restart, then retire this one.`);
      process.exit(1);
    }
    rmSync(join(dir, `${keyId}.json`));
    console.log(`Removed ${keyId}. Envelopes sealed with it can no longer be opened (409 sealing-key-unknown) once the server restarts.`);
    break;
  }
  default:
    usage();
}
