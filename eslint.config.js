// Lint: the layer rules of docs/architecture.md, enforced. Each rule says why it exists.
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';
import { readdirSync } from 'node:fs';

// Every folder of src/modules is a module and gets the one-folder rule below, read from disk so that a new
// module is covered without a line here (adding a detector touches only its folder and src/modules.ts).
const MODULES = readdirSync(new URL('./src/modules/', import.meta.url), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);

// The modules a module may import besides itself (docs/architecture.md, "Dependencies between modules"). Each
// entry is a module built on another's services and types; keep it short, and never let it form a cycle (the
// no-cycle rule below checks files, this map states the intent).
const MODULE_DEPENDENCIES = {
  // Hash exchange works on the PDQ banks (their errors, thresholds, CSV rows) and on the console's cases, actions,
  // audit log and sign-in (scheduled enforcement, removal clocks, authority packages).
  exchange: ['pdq', 'console'],
};

// Node's type stripping runs only erasable TypeScript (no enums, namespaces, parameter properties).
const ERASABLE_ONLY = [
  { selector: 'TSEnumDeclaration', message: 'enums are not erasable syntax; use a union of string literals' },
  { selector: 'TSModuleDeclaration[declare!=true]', message: 'namespaces are not erasable syntax' },
  { selector: 'TSParameterProperty', message: 'parameter properties are not erasable syntax' },
];

// A `Kysely<any>` (or `Transaction<any>`, `ExpressionBuilder<any, …>`) handle accepts any table and column name and returns untyped rows, so a
// misspelt column or a nullable one read as set only fails at run time. Code takes `CoreDb` (src/adapters/store/db.ts),
// whose table types each area declares beside its migration. Migrations are the exception: they run against the
// schema as it was before them, which the final type does not describe.
const NO_UNTYPED_DB = [
  { selector: "TSTypeReference[typeName.name=/^(Kysely|Transaction|ExpressionBuilder)$/] > TSTypeParameterInstantiation > TSAnyKeyword", message: 'use the typed database (CoreDb from src/adapters/store/db.ts), not Kysely<any>; only migrations take Kysely<any>' },
  { selector: "NewExpression[callee.name='Kysely'] > TSTypeParameterInstantiation > TSAnyKeyword", message: 'create the handle as new Kysely<CoreTables>(…) (src/adapters/store/schema.ts), not Kysely<any>' },
];

// The layers inside src (docs/architecture.md, "Layers, enforced").
const LAYER_ZONES = [
  // The core is pure: events, engine, rules, contracts. It knows no module, adapter or service.
  { target: './src/core', from: ['./src/modules', './src/adapters', './src/app', './src/sim'], message: 'the core is pure and imports only the core' },
  // Application services depend on the core and the adapters, never on a particular module.
  { target: './src/app', from: './src/modules', message: 'app services reach modules only through the module contract (src/app/module.ts)' },
  // Adapters are replaceable plumbing; module-specific code lives in the module's folder.
  { target: './src/adapters', from: './src/modules', message: 'adapters do not know modules; the composition (src/modules.ts) does' },
  // A module is one folder: it may use the core, the adapters and the app contract, but not another module,
  // except in its module.ts, the composition glue that wires services together.
  ...MODULES.map((name) => ({
    target: `./src/modules/${name}`,
    from: './src/modules',
    except: [name, ...(MODULE_DEPENDENCIES[name] ?? [])].map((allowed) => `./${allowed}`),
    message: 'modules do not import each other; share through the core, wire them in module.ts, or add the dependency to MODULE_DEPENDENCIES (eslint.config.js) with its reason',
  })),
];

// Training and evaluation (tools/) are offline work: they read the corpora and the SpamAssassin devDependency,
// and build whole services to score them. The running service must never load them (a deployment need not ship
// tools/, corpus/ or the devDependencies), so src does not import tools/, statically or by import(). The one
// exception is below: the text CLI's eval commands load their harness by import() inside the command's action.
const OFFLINE_ZONE = { target: './src', from: './tools', message: 'the service never loads training or evaluation code (tools/); only the text CLI eval commands load it, by import() in their action' };

// Schema migrations: the core's (src/adapters/store/migrations/) and the areas' own `migration.ts` / `migration-*.ts`.
const MIGRATIONS = ['**/migrations/**/*.ts', '**/migration.ts', '**/migration-*.ts'];

export default tseslint.config(
  { ignores: ['node_modules/**', 'web/dist/**', 'data/**', 'coverage/**'] },
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: { parser: tseslint.parser, parserOptions: { ecmaVersion: 'latest', sourceType: 'module' } },
    plugins: { 'import-x': importX, '@typescript-eslint': tseslint.plugin },
    settings: {
      'import-x/extensions': ['.ts', '.tsx', '.js'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
      'import-x/resolver': { node: { extensions: ['.ts', '.tsx', '.js'] } },
    },
    rules: {
      // Cycles make the flow of one event impossible to follow and break lazy loading of modules.
      // Lazy `import()` cycles (the composition root loading a module that opens the store) are not cycles at load
      // time, so only static imports count.
      'import-x/no-cycle': ['error', { ignoreExternal: true, allowUnsafeDynamicCyclicDependency: true }],
      'no-restricted-syntax': ['error', ...ERASABLE_ONLY, ...NO_UNTYPED_DB],
    },
  },
  {
    // A later `no-restricted-syntax` replaces an earlier one for the files it matches: migrations keep only the
    // erasable-syntax checks.
    files: MIGRATIONS,
    rules: { 'no-restricted-syntax': ['error', ...ERASABLE_ONLY] },
  },
  {
    files: ['src/**/*.ts'],
    rules: {
      'import-x/no-restricted-paths': ['error', { zones: [...LAYER_ZONES, OFFLINE_ZONE] }],
      // Detectors and the engine must not do I/O.
      'no-restricted-imports': 'off',
    },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['node:fs', 'node:fs/*', 'node:net', 'node:http', 'node:https', 'node:child_process', 'node:worker_threads', 'node:dns', 'fs', 'net', 'http'], message: 'the core does no I/O' }] }],
    },
  },
  {
    // Composition glue may wire modules together; rings/reader.ts is the adapter that implements the console's
    // RingReader port over the rings service.
    files: ['src/modules/*/module.ts', 'src/modules/rings/reader.ts'],
    rules: { 'import-x/no-restricted-paths': ['error', { zones: [OFFLINE_ZONE] }] },
  },
  {
    // `chainbreak text eval` and `text eval-conversations` run the offline harnesses (tools/text/). They may load
    // them only by import() inside the command's action (no-restricted-imports sees static imports only), so
    // registering the commands, and every other command, loads none of it.
    files: ['src/modules/text/cli.ts', 'src/modules/text/conversation-cli.ts'],
    rules: {
      'import-x/no-restricted-paths': ['error', { zones: LAYER_ZONES }],
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/tools/**'], message: 'load tools/ only by import() inside the command action, so the CLI does not load it for other commands' }] }],
    },
  },
  {
    // Route handlers get request types from their zod schemas (src/adapters/http/typed-routes.ts); a cast of
    // request.body/query/params would silently drift from the schema that actually validated the request.
    files: ['src/adapters/**/*.ts', 'src/modules/**/*.ts', 'src/app/**/*.ts'],
    ignores: MIGRATIONS,
    rules: {
      'no-restricted-syntax': [
        'error',
        ...ERASABLE_ONLY,
        ...NO_UNTYPED_DB,
        {
          selector: "TSAsExpression > MemberExpression[object.name='request'][property.name=/^(body|query|params)$/]",
          message: 'register the route through typedRoutes(app) so request.body/query/params are typed from its schema',
        },
      ],
    },
  },
);
