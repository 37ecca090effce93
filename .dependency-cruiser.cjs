/**
 * Baton's layers, held by dependency-cruiser (`npm run lint:layers`, a step of `npm test`).
 * See ARCHITECTURE.md "Layers" for the picture and the reasons.
 *
 * Paths are relative to the directory depcruise runs in (the repository root), so the
 * rules read `^lib/…`, `^server/…`. `@/…` imports resolve through tsconfig.json's
 * `paths`; an import that resolves to nothing is itself a violation
 * (`not-to-unresolvable`), so a broken alias can never make a layer rule pass unseen.
 *
 * Type-only imports (`import type …`) are erased at compile time. The layer rules let
 * `lib`, `components` and client modules name server types that way (tRPC's `AppRouter`);
 * the cycle rule counts them, because a cycle of types still ties the modules together.
 */
const fs = require('node:fs');
const path = require('node:path');

/** Tests and the files that support them (fixtures, builders): free to reach across layers to build what they check. */
const TEST_CODE = '(^|/)(__tests__|__fixtures__)/|\\.test\\.tsx?$|(^|/)test-helpers\\.tsx?$|^tests/|^e2e/';

/** Folders whose modules may carry the `'use client'` directive. */
const CLIENT_ROOTS = ['app', 'components', 'lib'];

/**
 * Modules of the browser bundle: files under {@link CLIENT_ROOTS} whose first statement is
 * the `'use client'` directive, found by reading them (dependency-cruiser does not see
 * directives). Paths relative to the working directory, as dependency-cruiser reports them.
 */
function clientModules(cwd = process.cwd()) {
  const found = [];
  const walk = (dir) => {
    let entries;
    try {
      entries = fs.readdirSync(path.join(cwd, dir), { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const rel = `${dir}/${e.name}`;
      if (e.isDirectory()) walk(rel);
      else if (/\.(t|j)sx?$/.test(e.name)) {
        const head = fs.readFileSync(path.join(cwd, rel), 'utf8').slice(0, 2000);
        if (/^(\s|\/\/[^\n]*\n|\/\*[\s\S]*?\*\/)*['"]use client['"]/.test(head)) found.push(rel);
      }
    }
  };
  CLIENT_ROOTS.forEach(walk);
  return found;
}

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const clients = clientModules();
/** Never-matching pattern when no client module exists (an empty alternation would match everything). */
const CLIENT_MODULES = clients.length ? `^(${clients.map(escape).join('|')})$` : '^$.';

/** The SQLite driver and the module that opens the database file. */
/** What only the storage implementations may import: the schema and the database opening, the implementations, drizzle and the drivers. */
const STORAGE_INSIDE = '^server/db/|^server/storage/(sqlite|pg)/|(^|/)node_modules/(better-sqlite3|drizzle-orm|pg)/';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'No import cycles anywhere, type-only imports included: move the shared part into a module of its own, or pass the dependency in.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment: 'Every import resolves to a file or an installed package (a broken `@/` alias would otherwise slip past the layer rules).',
      from: {},
      to: { couldNotResolve: true },
    },
    {
      name: 'engine-imports-only-itself',
      severity: 'error',
      comment: 'lib/engine is the pure interpreter: no package, no Node built-in, no other Baton module (types included). What it needs about a node type arrives in the compiled workflow.',
      from: { path: '^lib/engine/', pathNot: TEST_CODE },
      to: { pathNot: '^lib/engine/' },
    },
    {
      name: 'lib-not-to-server-or-ui',
      severity: 'error',
      comment: 'lib is shared by browser and server and sits below both: it never imports server, components or app (type-only imports such as tRPC\'s AppRouter excepted).',
      from: { path: '^lib/', pathNot: TEST_CODE },
      to: { path: '^(server|components|app)/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'server-not-to-ui',
      severity: 'error',
      comment: 'The server renders no UI of its own: server code never imports components or app.',
      from: { path: '^server/', pathNot: TEST_CODE },
      to: { path: '^(components|app)/' },
    },
    {
      name: 'components-not-to-server',
      severity: 'error',
      comment: 'UI components reach the server through tRPC and HTTP only; they may name its types (type-only imports).',
      from: { path: '^components/', pathNot: TEST_CODE },
      to: { path: '^server/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'client-not-to-server',
      severity: 'error',
      comment: "A 'use client' module runs in the browser: it may name server types (type-only imports) but never import server code.",
      from: { path: CLIENT_MODULES },
      to: { path: '^server/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'services-not-to-driver',
      severity: 'error',
      comment: 'Services, triggers and the credential store reach the database only through the storage port (server/storage/port.ts, ports/*): never the schema, the SQLite or PostgreSQL implementations, drizzle or a driver, not even for a type.',
      from: { path: '^server/(services|triggers|credentials)/', pathNot: TEST_CODE },
      to: { path: STORAGE_INSIDE },
    },
    {
      name: 'endpoints-not-to-database',
      severity: 'error',
      comment: 'tRPC routers, REST handlers and route handlers reach data through the services, never through the schema, the run store or the driver.',
      from: { path: '^(server/api|server/rest|app)/', pathNot: TEST_CODE },
      to: { path: '^server/(db|storage)/|(^|/)node_modules/(better-sqlite3|drizzle-orm)/' },
    },
  ],
  options: {
    // Installed packages stay in the graph as leaves (the rules name some of them) but are
    // not read. Not Baton's source at all: build output, test reports and databases, and
    // the peer engines of the benchmark (a package of their own).
    doNotFollow: { path: '(^|/)node_modules/' },
    exclude: { path: '^(\\.next|\\.git|\\.e2e|data|test-results|playwright-report|tmp|bench/peers|bench/results)/' },
    tsConfig: { fileName: 'tsconfig.json' },
    // Keep type-only imports in the graph (they are erased by the compiler, and
    // dependency-cruiser would not see them otherwise) so the rules can tell them apart.
    tsPreCompilationDeps: true,
    // Package names resolve like the bundler does (package.json `exports`, ESM conditions).
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.d.ts', '.js', '.mjs', '.cjs', '.json'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    skipAnalysisNotInRules: true,
    reporterOptions: { text: { highlightFocused: true } },
  },
};
