import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import type pg from "pg";

// Two descriptions of the same schema as sorted lines, one from prisma/schema/*.prisma
// (through Prisma's own parser) and one from the database catalogue, so a
// drift shows up as a readable diff.

interface DmmfField {
  name: string;
  dbName: string | null;
  kind: "scalar" | "enum" | "object";
  type: string;
  isRequired: boolean;
  isList: boolean;
  hasDefaultValue: boolean;
  nativeType?: [string, string[]] | null;
  relationFromFields?: string[];
  relationToFields?: string[];
}
interface DmmfModel {
  name: string;
  dbName: string | null;
  fields: DmmfField[];
}
interface Dmmf {
  datamodel: {
    models: DmmfModel[];
    enums: { name: string; dbName: string | null; values: { name: string }[] }[];
    indexes: { model: string; type: "id" | "unique" | "normal" | "fulltext"; fields: { name: string }[] }[];
  };
}

/** Every .prisma file of the schema folder, parsed together as Prisma does. */
function loadDmmf(schemaDir: string): Dmmf {
  const wasm = createRequire(import.meta.url)("@prisma/prisma-schema-wasm") as { get_dmmf(p: string): string };
  const files = fs.readdirSync(schemaDir).filter((f) => f.endsWith(".prisma")).sort();
  const prismaSchema = files.map((f) => [f, fs.readFileSync(path.join(schemaDir, f), "utf8")]);
  return JSON.parse(wasm.get_dmmf(JSON.stringify({ prismaSchema }))) as Dmmf;
}

function pgType(f: DmmfField, enums: Dmmf["datamodel"]["enums"]): string {
  if (f.kind === "enum") {
    const e = enums.find((x) => x.name === f.type)!;
    return e.dbName ?? e.name;
  }
  const [native, args = []] = f.nativeType ?? [undefined, []];
  switch (f.type) {
    case "String":
      if (native === "VarChar") return `character varying(${args[0]})`;
      if (native === "Char") return `character(${args[0]})`;
      if (native === "Uuid") return "uuid";
      return "text";
    case "Int":
      return native === "SmallInt" ? "smallint" : "integer";
    case "BigInt":
      return "bigint";
    case "Boolean":
      return "boolean";
    case "Float":
      return "double precision";
    case "Bytes":
      return "bytea";
    case "Json":
      return "jsonb";
    case "Decimal":
      return native === "Decimal" ? `numeric(${args.join(",")})` : "numeric(65,30)";
    case "DateTime":
      if (native === "Date") return "date";
      if (native === "Timestamptz") return `timestamp(${args[0] ?? 6}) with time zone`;
      if (native === "Timestamp") return `timestamp(${args[0] ?? 6}) without time zone`;
      return "timestamp(3) without time zone";
    default:
      return `unmapped ${f.type}`;
  }
}

export function expectedSchema(schemaDir = "prisma/schema"): string[] {
  const { datamodel } = loadDmmf(schemaDir);
  const lines: string[] = [];
  const table = (m: DmmfModel) => m.dbName ?? m.name;
  const column = (m: DmmfModel, field: string) => {
    const f = m.fields.find((x) => x.name === field)!;
    return f.dbName ?? f.name;
  };
  for (const e of datamodel.enums) lines.push(`enum ${e.dbName ?? e.name} (${e.values.map((v) => v.name).join(", ")})`);
  for (const m of datamodel.models) {
    lines.push(`table ${table(m)}`);
    for (const f of m.fields) {
      if (f.kind === "object") {
        if (f.relationFromFields?.length) {
          const target = datamodel.models.find((x) => x.name === f.type)!;
          lines.push(
            `foreign key ${table(m)}(${f.relationFromFields.map((c) => column(m, c)).join(", ")}) -> ${table(target)}(${f.relationToFields!.map((c) => column(target, c)).join(", ")})`,
          );
        }
        continue;
      }
      const def = f.hasDefaultValue ? " default" : "";
      // Prisma creates scalar-list columns without NOT NULL
      const notNull = f.isRequired && !f.isList ? " not null" : "";
      lines.push(`column ${table(m)}.${f.dbName ?? f.name} ${pgType(f, datamodel.enums)}${f.isList ? "[]" : ""}${notNull}${def}`);
    }
  }
  for (const i of datamodel.indexes) {
    const m = datamodel.models.find((x) => x.name === i.model)!;
    const kind = i.type === "id" ? "primary key" : i.type === "unique" ? "unique index" : "index";
    lines.push(`${kind} ${table(m)}(${i.fields.map((f) => column(m, f.name)).join(", ")})`);
  }
  return lines.sort();
}

export async function actualSchema(client: pg.ClientBase): Promise<string[]> {
  const lines: string[] = [];
  const enums = await client.query<{ name: string; vals: string[] }>(`
    SELECT t.typname AS name, array_agg(e.enumlabel::text ORDER BY e.enumsortorder) AS vals
    FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid JOIN pg_namespace n ON n.oid = t.typnamespace
    WHERE n.nspname = current_schema() GROUP BY t.typname`);
  for (const e of enums.rows) lines.push(`enum ${e.name} (${e.vals.join(", ")})`);
  const tables = await client.query<{ relname: string }>(`
    SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = current_schema() AND c.relkind = 'r' AND c.relname <> '_prisma_migrations'`);
  for (const t of tables.rows) lines.push(`table ${t.relname}`);
  const cols = await client.query<{ t: string; c: string; type: string; notnull: boolean; has_default: boolean }>(`
    SELECT c.relname AS t, a.attname AS c, format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull AS notnull,
      a.atthasdef AS has_default
    FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = current_schema() AND c.relkind = 'r' AND c.relname <> '_prisma_migrations' AND a.attnum > 0 AND NOT a.attisdropped`);
  for (const c of cols.rows) {
    lines.push(`column ${c.t}.${c.c} ${c.type}${c.notnull ? " not null" : ""}${c.has_default ? " default" : ""}`);
  }
  const idx = await client.query<{ t: string; cols: string[]; uniq: boolean; prim: boolean }>(`
    SELECT c.relname AS t, ix.indisunique AS uniq, ix.indisprimary AS prim,
      array_agg(a.attname::text ORDER BY k.ord) AS cols
    FROM pg_index ix JOIN pg_class c ON c.oid = ix.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace
    CROSS JOIN LATERAL unnest(ix.indkey) WITH ORDINALITY AS k(attnum, ord)
    JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum
    WHERE n.nspname = current_schema() AND c.relname <> '_prisma_migrations'
    GROUP BY c.relname, ix.indexrelid, ix.indisunique, ix.indisprimary`);
  for (const i of idx.rows) {
    const kind = i.prim ? "primary key" : i.uniq ? "unique index" : "index";
    lines.push(`${kind} ${i.t}(${i.cols.join(", ")})`);
  }
  const fks = await client.query<{ t: string; cols: string[]; rt: string; rcols: string[] }>(`
    SELECT c.relname AS t, r.relname AS rt,
      (SELECT array_agg(a.attname::text ORDER BY k.ord) FROM unnest(con.conkey) WITH ORDINALITY k(n, ord)
        JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.n) AS cols,
      (SELECT array_agg(a.attname::text ORDER BY k.ord) FROM unnest(con.confkey) WITH ORDINALITY k(n, ord)
        JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.n) AS rcols
    FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid JOIN pg_class r ON r.oid = con.confrelid
    JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE con.contype = 'f' AND n.nspname = current_schema()`);
  for (const f of fks.rows) lines.push(`foreign key ${f.t}(${f.cols.join(", ")}) -> ${f.rt}(${f.rcols.join(", ")})`);
  return lines.sort();
}
