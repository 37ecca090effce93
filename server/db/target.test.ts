import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { pgOptionsFromEnv, resolveDatabaseTarget } from './target';

describe('resolveDatabaseTarget', () => {
  it('selects PostgreSQL for postgres:// and postgresql:// URLs, SQLite otherwise', () => {
    expect(resolveDatabaseTarget('postgres://u@127.0.0.1:5432/baton')).toEqual({ kind: 'postgres', url: 'postgres://u@127.0.0.1:5432/baton' });
    expect(resolveDatabaseTarget(' postgresql://db/baton ')).toEqual({ kind: 'postgres', url: 'postgresql://db/baton' });
    expect(resolveDatabaseTarget(undefined)).toEqual({ kind: 'sqlite', file: path.resolve('data/baton.db') });
    expect(resolveDatabaseTarget('file:./x/y.db')).toEqual({ kind: 'sqlite', file: path.resolve('x/y.db') });
    expect(() => resolveDatabaseTarget('mysql://db/baton')).toThrow(/mysql:\/\/db\/baton/);
  });

  it('reads the pool settings and names a bad one', () => {
    expect(pgOptionsFromEnv({})).toEqual({ max: 10, statementTimeoutMs: 30_000 });
    expect(pgOptionsFromEnv({ BATON_PG_POOL_MAX: '25', BATON_PG_STATEMENT_TIMEOUT_MS: '5000' })).toEqual({ max: 25, statementTimeoutMs: 5_000 });
    expect(() => pgOptionsFromEnv({ BATON_PG_POOL_MAX: '0' })).toThrow(/BATON_PG_POOL_MAX must be a whole number ≥ 1, not "0"/);
  });
});
