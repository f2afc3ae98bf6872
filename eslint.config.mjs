import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

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
