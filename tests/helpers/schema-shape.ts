/**
 * The dialect-neutral shape of a drizzle schema (tables, columns, keys, indexes), read
 * with each dialect's `getTableConfig`, and the differences between two shapes. Used to
 * prove that the SQLite schema (`server/db/schema.ts`) and the PostgreSQL schema
 * (`server/db/pg/schema.ts`) describe the same database.
 */
import { is, SQL, type Column } from 'drizzle-orm';
import { SQLiteTable, getTableConfig as sqliteConfig } from 'drizzle-orm/sqlite-core';
import { PgTable, getTableConfig as pgConfig } from 'drizzle-orm/pg-core';

/** One column as both dialects can state it. */
export interface ColumnShape {
  notNull: boolean;
  /** Single-column primary key. */
  primary: boolean;
  /** The default as comparable text (`undefined`: none). */
  default: string | undefined;
  /** The JS type a value is read as: string | number | boolean | date. */
  jsType: string;
  /** The column's SQL type in its own dialect (`integer`, `bigint`, `text`, …). */
  sqlType: string;
}

/** One table's shape; `columns` and `indexes` keyed by name. */
export interface TableShape {
  columns: Record<string, ColumnShape>;
  /** Composite primary key columns ('' when the key is a single column's). */
  primaryKey: string;
  indexes: Record<string, { columns: string; unique: boolean; where: string | undefined }>;
  /** `columns -> table(columns) on delete X`, sorted. */
  foreignKeys: string[];
}

/** Tables by SQL name. */
export type SchemaShape = Record<string, TableShape>;

function defaultText(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (is(value, SQL)) return `sql:${value.queryChunks.map((c) => (typeof c === 'object' && c && 'value' in c ? String((c as { value: unknown }).value) : String(c))).join('')}`;
  return JSON.stringify(value);
}

function jsType(col: Column): string {
  if (col.dataType === 'custom') {
    const sample = (col as unknown as { mapFromDriverValue(v: unknown): unknown }).mapFromDriverValue('0');
    return sample instanceof Date ? 'date' : typeof sample;
  }
  return col.dataType;
}

function sqlText(x: unknown): string {
  return is(x, SQL) ? 'expression' : String((x as { name?: string }).name);
}

type AnyConfig = ReturnType<typeof sqliteConfig> | ReturnType<typeof pgConfig>;

function shapeOf(cfg: AnyConfig): TableShape {
  const columns: Record<string, ColumnShape> = {};
  for (const c of cfg.columns) {
    columns[c.name] = { notNull: c.notNull, primary: c.primary, default: defaultText(c.default), jsType: jsType(c), sqlType: c.getSQLType() };
  }
  const indexes: TableShape['indexes'] = {};
  for (const i of cfg.indexes) {
    const ic = i.config as { name?: string; columns: unknown[]; unique: boolean; where?: SQL };
    indexes[ic.name ?? '?'] = { columns: ic.columns.map(sqlText).join(','), unique: ic.unique, where: ic.where ? defaultText(ic.where) : undefined };
  }
  const foreignKeys = cfg.foreignKeys
    .map((fk) => {
      const r = fk.reference();
      const target = (r.foreignTable as unknown as Record<symbol, string>)[Symbol.for('drizzle:Name')];
      return `${r.columns.map((c) => c.name).join(',')} -> ${target}(${r.foreignColumns.map((c) => c.name).join(',')}) on delete ${fk.onDelete ?? 'no action'}`;
    })
    .sort();
  const primaryKey = cfg.primaryKeys.map((pk) => pk.columns.map((c) => c.name).join(',')).join(';');
  return { columns, primaryKey, indexes, foreignKeys };
}

/** The shape of every SQLite table exported by `mod` (a schema module's namespace). */
export function sqliteShape(mod: Record<string, unknown>): SchemaShape {
  const out: SchemaShape = {};
  for (const v of Object.values(mod)) if (is(v, SQLiteTable)) out[sqliteConfig(v).name] = shapeOf(sqliteConfig(v));
  return out;
}

/** The shape of every PostgreSQL table exported by `mod`. */
export function pgShape(mod: Record<string, unknown>): SchemaShape {
  const out: SchemaShape = {};
  for (const v of Object.values(mod)) if (is(v, PgTable)) out[pgConfig(v).name] = shapeOf(pgConfig(v));
  return out;
}

/** SQLite column type → the PostgreSQL types it may map to (see `server/db/pg/schema.ts`). */
const TYPE_MAP: Record<string, string[]> = { text: ['text'], integer: ['integer', 'bigint', 'boolean'] };

/**
 * Every difference between the SQLite and the PostgreSQL shape, as readable lines (empty:
 * the same database). `explicitRowid` names the tables whose PostgreSQL side carries
 * SQLite's implicit `rowid` as a column: there the extra identity column `rowid` is
 * expected, and an index may end with it (SQLite's indexes end with the rowid implicitly).
 */
export function schemaDifferences(sqlite: SchemaShape, pg: SchemaShape, explicitRowid: readonly string[]): string[] {
  const diffs: string[] = [];
  for (const t of new Set([...Object.keys(sqlite), ...Object.keys(pg)])) {
    const a = sqlite[t];
    const b = pg[t];
    if (!a || !b) {
      diffs.push(`table ${t}: only in ${a ? 'SQLite' : 'PostgreSQL'}`);
      continue;
    }
    const rowid = explicitRowid.includes(t);
    for (const c of new Set([...Object.keys(a.columns), ...Object.keys(b.columns)])) {
      const x = a.columns[c];
      const y = b.columns[c];
      if (rowid && c === 'rowid' && !x && y) {
        if (!y.notNull || y.sqlType !== 'bigint' || y.jsType !== 'number') diffs.push(`${t}.rowid: must be a not-null bigint identity read as a number`);
        continue;
      }
      if (!x || !y) {
        diffs.push(`${t}.${c}: only in ${x ? 'SQLite' : 'PostgreSQL'}`);
        continue;
      }
      for (const k of ['notNull', 'primary', 'default', 'jsType'] as const) {
        if (x[k] !== y[k]) diffs.push(`${t}.${c}: ${k} ${String(x[k])} (SQLite) vs ${String(y[k])} (PostgreSQL)`);
      }
      if (!(TYPE_MAP[x.sqlType] ?? [x.sqlType]).includes(y.sqlType)) diffs.push(`${t}.${c}: type ${x.sqlType} (SQLite) cannot become ${y.sqlType} (PostgreSQL)`);
      // Epoch-ms times pass 2^31 (24 days after 1970): a 32-bit integer would overflow.
      if ((c === 'at' || c.endsWith('_at')) && x.sqlType === 'integer' && y.sqlType !== 'bigint') diffs.push(`${t}.${c}: a time in ms must be bigint on PostgreSQL, not ${y.sqlType}`);
    }
    if (a.primaryKey !== b.primaryKey) diffs.push(`${t}: primary key (${a.primaryKey}) (SQLite) vs (${b.primaryKey}) (PostgreSQL)`);
    for (const i of new Set([...Object.keys(a.indexes), ...Object.keys(b.indexes)])) {
      const x = a.indexes[i];
      const y = b.indexes[i];
      if (!x || !y) {
        diffs.push(`${t}: index ${i} only in ${x ? 'SQLite' : 'PostgreSQL'}`);
        continue;
      }
      const yCols = rowid && y.columns.endsWith(',rowid') ? y.columns.slice(0, -',rowid'.length) : y.columns;
      if (x.columns !== yCols) diffs.push(`${t}: index ${i} on (${x.columns}) (SQLite) vs (${y.columns}) (PostgreSQL)`);
      if (x.unique !== y.unique) diffs.push(`${t}: index ${i} unique ${x.unique} (SQLite) vs ${y.unique} (PostgreSQL)`);
      if (x.where !== y.where) diffs.push(`${t}: index ${i} where ${x.where} (SQLite) vs ${y.where} (PostgreSQL)`);
    }
    const fa = a.foreignKeys.join('\n');
    const fb = b.foreignKeys.join('\n');
    if (fa !== fb) diffs.push(`${t}: foreign keys\n  SQLite: ${fa || '(none)'}\n  PostgreSQL: ${fb || '(none)'}`);
  }
  return diffs;
}
