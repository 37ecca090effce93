/**
 * `npm run db:copy -- --from ./data/baton.db --to postgres://user@host:5432/baton`:
 * copies a SQLite installation of Baton into a new, empty PostgreSQL database and
 * verifies the row count of every table (see `server/db/copy.ts`). Exit code 1 with the
 * reason when it cannot; nothing is committed then.
 */
import fs from 'node:fs';
import path from 'node:path';
import { copySqliteToPg, CopyError } from '../server/db/copy';
import { redactPgUrl } from '../server/db/pg/pool';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  if (i >= 0) return process.argv[i + 1];
  const eq = process.argv.find((a) => a.startsWith(`--${name}=`));
  return eq?.slice(name.length + 3);
}

async function main(): Promise<number> {
  const from = arg('from');
  const to = arg('to');
  if (!from || !to) {
    console.error('usage: npm run db:copy -- --from <sqlite file> --to <postgres://… URL of an empty database>');
    return 2;
  }
  if (!/^postgres(ql)?:\/\//.test(to)) {
    console.error(`--to must be a postgres:// or postgresql:// URL, not "${to}"`);
    return 2;
  }
  const file = path.resolve(from);
  if (!fs.existsSync(file)) {
    console.error(`--from: no such file ${file}`);
    return 2;
  }
  console.log(`copying ${file} → ${redactPgUrl(to)}`);
  try {
    const report = await copySqliteToPg(file, to, { onTable: (t) => console.log(`  ${t.table.padEnd(24)} ${String(t.source).padStart(9)} rows ✓`) });
    console.log(`copied ${report.rows} rows in ${report.tables.length} tables in ${(report.ms / 1000).toFixed(1)} s; every count verified.`);
    const keyFile = `${file}.key`;
    console.log(
      `Credentials were copied still encrypted. Start Baton on PostgreSQL with BATON_SECRET_KEY set to this installation's key` +
        (fs.existsSync(keyFile) ? ` (the contents of ${keyFile})` : ' (the BATON_SECRET_KEY it ran with)') +
        ', or they cannot be decrypted.',
    );
    return 0;
  } catch (err) {
    console.error(`db:copy failed, nothing was committed: ${err instanceof CopyError ? err.message : (err as Error).stack}`);
    return 1;
  }
}

void main().then((code) => process.exit(code));
