import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

// A lib file that reads the database must never reach the browser: it starts with `import "server-only"`,
// which makes a client bundle that pulls it in fail to build instead of shipping database code.
const DB_MODULE = /(^|\/)db(\/(client|index|open|locks|citus|migrate|pool|embedded[a-z-]*|throwaway|scratch))?$|^@\/lib\/db(\/|$)|^@prisma\//;
const serverOnly = {
  rules: {
    "reads-db": {
      meta: { type: "problem", messages: { missing: 'This file reads the database ({{source}}): start it with import "server-only".' } },
      create(context) {
        return {
          Program(program) {
            const imports = program.body.filter((n) => n.type === "ImportDeclaration");
            if (imports.some((n) => n.source.value === "server-only")) return;
            const db = imports.find((n) => DB_MODULE.test(n.source.value) || (/^\.\/(client|index|open|locks|citus|migrate|pool)$/.test(n.source.value) && context.filename.includes("/lib/db/")));
            if (db) context.report({ node: db, messageId: "missing", data: { source: db.source.value } });
          },
        };
      },
    },
  },
};

const config = [
  ...nextVitals,
  ...nextTs,
  { ignores: ["lib/db/generated/**", ".next/**", "tmp/**", "next-env.d.ts", "test-results/**", "playwright-report/**"] },
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_" }],
    },
  },
  // payment states inside SQL come from lib/statuses.ts (countedSql, failedSql, ...), never as quoted copies
  {
    files: ["lib/**/*.ts"],
    ignores: ["lib/statuses.ts", "lib/db/generated/**"],
    rules: {
      "no-restricted-syntax": [
        "error",
        {
          selector: "TemplateElement[value.raw=/'(PENDING|SUCCESS|FAILED|UNKNOWN|REFUNDED)'/], Literal[value=/'(PENDING|SUCCESS|FAILED|UNKNOWN|REFUNDED)'/]",
          message: "Write payment states in SQL with lib/statuses.ts (countedSql, failedSql, waitingSql, statusInSql).",
        },
      ],
    },
  },
  {
    files: ["lib/**/*.ts"],
    ignores: ["lib/db/generated/**"],
    plugins: { "server-only": serverOnly },
    rules: { "server-only/reads-db": "error" },
  },
  // the browser gets data from the API; it never bundles the server's metric queries and the schemas
  // and reference data behind them (pure date helpers and types excepted)
  {
    files: ["components/**"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [{ group: ["@/lib/metrics/*", "!@/lib/metrics/days", "@/lib/store/*", "@/lib/ingest/*", "@/lib/db", "@/lib/db/*"], allowTypeImports: true, message: "Client code takes figures from the API (components/hooks); shared codes are in lib/codes.ts." }] }],
    },
  },
  // data flows one way: ingestion writes payments and the change log, the derived store (lib/store)
  // folds and serves it, metrics read the store; neither end imports the other
  {
    files: ["lib/ingest/**"],
    rules: { "no-restricted-imports": ["error", { patterns: [{ group: ["../metrics/*", "@/lib/metrics/*"], message: "Ingestion never imports metrics: share through lib/store." }] }] },
  },
  {
    files: ["lib/metrics/**"],
    rules: { "no-restricted-imports": ["error", { patterns: [{ group: ["../ingest/*", "@/lib/ingest/*"], message: "Metrics never import ingestion: read through lib/store." }] }] },
  },
  {
    files: ["lib/store/**"],
    rules: { "no-restricted-imports": ["error", { patterns: [{ group: ["../ingest/*", "../metrics/*", "@/lib/ingest/*", "@/lib/metrics/*"], message: "The derived store depends on neither ingestion nor metrics." }] }] },
  },
];

export default config;
