// ESLint: typescript-eslint's recommended rules (syntactic only, no type information: fast), React's
// hook rules, Next's own rules, and the floors of ARCHITECTURE.md as import zones (every arrow
// points down). `npm run lint` allows no warnings.
import js from "@eslint/js";
import nextPlugin from "@next/eslint-plugin-next";
import { createTypeScriptImportResolver } from "eslint-import-resolver-typescript";
import { importX } from "eslint-plugin-import-x";
import reactHooks from "eslint-plugin-react-hooks";
import { defineConfig, globalIgnores } from "eslint/config";
import tseslint from "typescript-eslint";

const root = import.meta.dirname;

// Adapters (floor 3) and everything above them.
const adapters = ["./lib/actions", "./lib/socket", "./lib/queries", "./lib/api", "./lib/jobs.ts", "./app"];
const aboveDomain = [
  ...adapters,
  "./lib/auth.ts",
  "./lib/session-token.ts",
  "./components",
  "./server.ts",
  "./proxy.ts",
];
// Floor 1 (and the small pure modules beside it): nothing here may import the domain or anything above it.
const floorOne = [
  "./lib/db.ts",
  "./lib/singletons.ts",
  "./lib/realtime",
  "./lib/schemas",
  "./lib/errors.ts",
  "./lib/error-codes.ts",
  "./lib/input-bounds.ts",
  "./lib/dto.ts",
  "./lib/limits.ts",
  "./lib/clock.ts",
  "./lib/ids.ts",
  "./lib/unread.ts",
  "./lib/plain-text.ts",
  "./lib/storage",
  "./lib/outbound",
  "./lib/metrics.ts",
  "./lib/postgres",
];

/** Everything outside lib/domain (and lib/testing, which builds test worlds) is kept out of lib/domain/internal. */
const internalZone = {
  target: [
    ...aboveDomain,
    "./lib/realtime",
    "./lib/schemas",
    "./lib/storage",
    "./lib/outbound",
    "./lib/postgres",
    "./prisma",
    "./scripts",
    "./bench",
    "./e2e",
  ],
  from: "./lib/domain/internal",
  message: "lib/domain/internal holds actor-less helpers: call the domain function that checks the actor instead.",
};

const zones = [
  {
    target: "./components",
    from: "./lib",
    except: [
      "./actions", // server actions ("use server"): the only way components reach the server
      "./dto.ts",
      "./errors.ts",
      "./error-codes.ts", // the codes and result shape without zod (errors.ts brings zod into the page)
      "./schemas",
      "./input-bounds.ts", // what the schemas check and forms show, without zod
      "./limits.ts",
      "./unread.ts",
      "./plain-text.ts",
      "./conversation-title.ts", // what a conversation is called and where it opens (pure)
      "./theme.ts", // the theme cookie's name and values
      "./realtime/events.ts", // the typed event map
      "./realtime/catch-up.ts", // merging pages of messages on the client (pure)
    ],
    message: "Components reach the server through lib/actions and share only types, schemas and pure helpers.",
  },
  { target: "./components", from: ["./app", "./server.ts"], message: "Components sit beside pages, not under them." },
  {
    target: "./lib/domain",
    from: aboveDomain,
    message: "The domain is floor 2: it never imports adapters, pages or components (every arrow points down).",
  },
  {
    target: floorOne,
    from: ["./lib/domain", ...aboveDomain],
    message: "Floor 1 (db, realtime, schemas, errors, …) never imports the domain or anything above it.",
  },
  internalZone,
];

const tests = ["**/*.test.ts", "**/*.test.tsx", "lib/testing/**", "e2e/**", "bench/**"];

export default defineConfig([
  globalIgnores([
    "lib/generated/",
    "lib/sdk/generated/",
    ".next/",
    ".next-*/",
    "node_modules/",
    "playwright-report/",
    "test-results/",
    ".data/",
    "next-env.d.ts",
  ]),
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    linterOptions: { reportUnusedDisableDirectives: "error", reportUnusedInlineConfigs: "error" },
    rules: {
      // `_name` marks a parameter or binding kept on purpose (a signature, a destructured rest)
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none", ignoreRestSiblings: true },
      ],
      // every control-character class in this code strips or rejects control characters on purpose
      "no-control-regex": "off",
    },
  },
  {
    files: ["**/*.{js,mjs,cjs}"],
    languageOptions: { globals: { process: "readonly", console: "readonly", URL: "readonly" } },
  },
  {
    // React code: components, pages, and hooks beside them. (Not e2e/: Playwright fixtures call `use`.)
    files: ["components/**/*.{ts,tsx}", "app/**/*.{ts,tsx}"],
    plugins: { "react-hooks": reactHooks },
    rules: { "react-hooks/rules-of-hooks": "error", "react-hooks/exhaustive-deps": "error" },
  },
  {
    files: ["**/*.{ts,tsx,js,mjs}"],
    ...nextPlugin.configs["core-web-vitals"],
    settings: { next: { rootDir: root } },
  },
  {
    files: ["**/*.{ts,tsx,js,mjs}"],
    plugins: { "import-x": importX },
    settings: {
      // the resolver knows tsconfig's "@/*" paths; extensions and parsers let no-cycle read .ts files
      "import-x/resolver-next": [createTypeScriptImportResolver({ project: `${root}/tsconfig.json` })],
      "import-x/extensions": [".ts", ".tsx", ".js", ".mjs"],
      "import-x/parsers": { "@typescript-eslint/parser": [".ts", ".tsx"] },
    },
  },
  {
    files: ["**/*.{ts,tsx}"],
    ignores: tests,
    rules: { "import-x/no-restricted-paths": ["error", { basePath: root, zones }] },
  },
  {
    // tests may reach across floors (a domain test drives a server action), but not into lib/domain/internal
    files: tests,
    ignores: ["lib/testing/**"],
    rules: { "import-x/no-restricted-paths": ["error", { basePath: root, zones: [internalZone] }] },
  },
  {
    files: ["lib/**/*.{ts,tsx}"],
    rules: { "import-x/no-cycle": ["error", { ignoreExternal: true }] },
  },
]);
