import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import n from 'eslint-plugin-n';
import tseslint from 'typescript-eslint';

const root = path.dirname(fileURLToPath(import.meta.url));

// One zone per module folder present, so a module added later is covered without editing this file.
const modules = readdirSync(path.join(root, 'src/modules'), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);
const topLevelSrc = readdirSync(path.join(root, 'src'), { withFileTypes: true })
  .filter((entry) => entry.name !== 'modules')
  .map((entry) => `src/${entry.name}`);
const moduleZones = modules.map((name) => ({
  target: [...topLevelSrc, ...modules.filter((other) => other !== name).map((other) => `src/modules/${other}`), 'scripts', 'bench'],
  from: `src/modules/${name}`,
  except: ['./index.ts'],
  message: `Import the ${name} module only through src/modules/${name}/index.ts.`,
}));

const ROLE = '/^(admin|communicator|moderator|fundraiser|staff|member)$/';
const HOLDER = '/^roles?$|Roles?$/';
const ROLE_MESSAGE = 'Roles are read only in policy.ts: name the action in the module policy and call authorize()/can().';
// Precise on purpose: a role name compared with, or looked up in, something named like roles.
const roleReads = [
  `CallExpression[callee.property.name=/^(includes|indexOf|has)$/][arguments.0.value=${ROLE}]:matches([callee.object.name=${HOLDER}], [callee.object.property.name=${HOLDER}], [callee.object.callee.property.name="rolesIn"], [callee.object.callee.name="rolesIn"])`,
  `BinaryExpression[operator=/^[!=]==?$/][right.value=${ROLE}]:matches([left.name=${HOLDER}], [left.property.name=${HOLDER}], [left.object.name=${HOLDER}], [left.object.property.name=${HOLDER}])`,
  `BinaryExpression[operator=/^[!=]==?$/][left.value=${ROLE}]:matches([right.name=${HOLDER}], [right.property.name=${HOLDER}], [right.object.name=${HOLDER}], [right.object.property.name=${HOLDER}])`,
  `SwitchStatement:matches([discriminant.name=${HOLDER}], [discriminant.property.name=${HOLDER}]) > SwitchCase[test.value=${ROLE}]`,
].map((selector) => ({ selector, message: ROLE_MESSAGE }));

const browserGlobals = Object.fromEntries(
  ['window', 'document', 'navigator', 'location', 'fetch', 'console', 'URL', 'URLSearchParams', 'FormData', 'HTMLElement', 'HTMLFormElement', 'HTMLInputElement', 'Event', 'CustomEvent', 'setTimeout', 'clearTimeout', 'SimpleWebAuthnBrowser'].map((g) => [g, 'readonly']),
);

export default defineConfig(
  { ignores: ['node_modules/', 'dist/', 'data/', '.tmp/', 'coverage/'] },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: root },
    },
    rules: {
      // The type-aware rules that catch real bugs (forgotten awaits, promises where a value is
      // expected) without the cost of the full type-checked preset.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false, attributes: false } }],
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  {
    files: ['**/*.{ts,tsx,js}'],
    plugins: { 'import-x': importX, n },
    settings: {
      'import-x/resolver-next': [
        createNodeResolver({ extensions: ['.ts', '.tsx', '.js', '.json'], extensionAlias: { '.js': ['.ts', '.tsx', '.js'] } }),
      ],
    },
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', URL: 'readonly', crypto: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', fetch: 'readonly', Blob: 'readonly', AbortController: 'readonly', structuredClone: 'readonly' },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      'import-x/no-restricted-paths': ['error', { basePath: root, zones: moduleZones }],
      'import-x/no-default-export': 'error',
      'n/no-process-env': 'error',
      'no-restricted-syntax': ['error', ...roleReads],
    },
  },
  {
    // Tools that load these files demand a default export.
    files: ['eslint.config.js', '*.config.{js,ts}', 'test/support/global-setup.ts'],
    rules: { 'import-x/no-default-export': 'off' },
  },
  {
    // Config parsing, the test run's database choice and its leak check, and operator scripts read the environment.
    files: ['src/config.ts', 'test/support/global-setup.ts', 'test/support/shared-worker.ts', 'bench/**', 'scripts/**'],
    rules: { 'n/no-process-env': 'off' },
  },
  {
    files: ['**/policy.ts', '**/*.test.{ts,tsx}', 'test/**'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    files: ['public/**/*.js'],
    languageOptions: { sourceType: 'script', globals: browserGlobals },
    rules: { 'n/no-process-env': 'off', 'import-x/no-default-export': 'off' },
  },
);
