import fs from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

/**
 * ARCHITECTURE.md: lib/domain is the only code that writes to the database. This test reads every
 * source file and fails on a write anywhere else: a Prisma write method on a model
 * (`db.message.create(`, `tx.user.update(`, …), `$executeRaw`/`$executeRawUnsafe`, or SQL that
 * writes (INSERT/UPDATE/DELETE/TRUNCATE/MERGE in a string or template, e.g. through `sqlPool()`).
 * Import zones (eslint.config.mjs) guard the floors; this guards what the floors cannot see.
 */

const root = path.resolve(import.meta.dirname, "..");

/**
 * Not scanned: the domain itself; tests and their helpers; migrations; generated and installed code;
 * benchmarks, which bulk-load scratch databases they create and drop themselves (bench/README.md).
 */
const skippedFolders = new Set([
  "lib/domain",
  "node_modules",
  ".git",
  ".data",
  "lib/generated",
  "lib/testing",
  "prisma/migrations",
  "e2e",
  "test-results",
  "playwright-report",
  "bench",
]);
const isTest = (file: string) => /\.test\.tsx?$/.test(file) || /\.spec\.tsx?$/.test(file);

/**
 * Writes outside the domain that are known and accepted, each with its reason. An entry that no
 * longer matches anything fails the test too, so the list cannot go stale.
 */
const knownExceptions: Array<{ file: string; write: string; reason: string }> = [];

const writeMethods = new Set([
  "create",
  "createMany",
  "createManyAndReturn",
  "update",
  "updateMany",
  "updateManyAndReturn",
  "upsert",
  "delete",
  "deleteMany",
]);
const rawWrites = new Set(["$executeRaw", "$executeRawUnsafe"]);
const clientNames = new Set(["db", "tx", "prisma"]);
const models = new Set(
  [...fs.readFileSync(path.join(root, "prisma/schema.prisma"), "utf8").matchAll(/^model (\w+) \{/gm)].map(
    ([, name]) => name[0].toLowerCase() + name.slice(1),
  ),
);
const writingSql =
  /\b(INSERT\s+INTO|DELETE\s+FROM|UPDATE\s+(ONLY\s+)?("?\w+"?\.)?"?\w+"?\s+((AS\s+)?\w+\s+)?SET|TRUNCATE|MERGE\s+INTO)\b/;

type Finding = { file: string; line: number; write: string };

function rootName(expression: ts.Expression): string | undefined {
  let current = expression;
  while (
    ts.isPropertyAccessExpression(current) ||
    ts.isCallExpression(current) ||
    ts.isNonNullExpression(current) ||
    ts.isParenthesizedExpression(current)
  ) {
    current = current.expression;
  }
  return ts.isIdentifier(current) ? current.text : current.kind === ts.SyntaxKind.ThisKeyword ? "this" : undefined;
}

/** The database writes in one file's source text. */
function findWrites(file: string, text: string): Finding[] {
  const source = ts.createSourceFile(
    file,
    text,
    ts.ScriptTarget.Latest,
    true,
    file.endsWith(".tsx") ? ts.ScriptKind.TSX : ts.ScriptKind.TS,
  );
  const findings: Finding[] = [];
  const add = (node: ts.Node, write: string) =>
    findings.push({ file, line: source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1, write });
  const visit = (node: ts.Node) => {
    if (
      ts.isCallExpression(node) &&
      ts.isPropertyAccessExpression(node.expression) &&
      writeMethods.has(node.expression.name.text)
    ) {
      const receiver = node.expression.expression;
      const method = node.expression.name.text;
      // <anything>.<model>.<write>(…), e.g. db.message.create(…) or an alias of db
      if (ts.isPropertyAccessExpression(receiver) && models.has(receiver.name.text)) {
        const base = rootName(receiver);
        add(node, `${base ?? "…"}.${receiver.name.text}.${method}`);
      } else if (clientNames.has(rootName(receiver) ?? "") && ts.isPropertyAccessExpression(receiver)) {
        add(node, `${rootName(receiver)}.….${method}`);
      }
    }
    if (ts.isPropertyAccessExpression(node) && rawWrites.has(node.name.text)) add(node, node.name.text);
    if (
      ts.isStringLiteral(node) ||
      ts.isNoSubstitutionTemplateLiteral(node) ||
      ts.isTemplateHead(node) ||
      ts.isTemplateMiddle(node) ||
      ts.isTemplateTail(node)
    ) {
      const sql = node.text.match(writingSql);
      if (sql) add(node, `SQL ${sql[1].split(/\s+/)[0]}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return findings;
}

function sourceFiles(folder = ""): string[] {
  const files: string[] = [];
  for (const entry of fs.readdirSync(path.join(root, folder), { withFileTypes: true })) {
    const relative = folder ? `${folder}/${entry.name}` : entry.name;
    if (entry.isDirectory()) {
      if (!skippedFolders.has(relative) && !entry.name.startsWith(".next")) files.push(...sourceFiles(relative));
    } else if (/\.(ts|tsx|mts|js|mjs)$/.test(entry.name) && !entry.name.endsWith(".d.ts") && !isTest(relative)) {
      files.push(relative);
    }
  }
  return files;
}

describe("architecture: lib/domain is the only writer", () => {
  it("finds every form of write it looks for (the detector itself)", () => {
    const sample = [
      "await db.message.create({ data });",
      "await tx.user.update({ where, data });",
      "await prisma.member.upsert(args);",
      "await db.channel\n  .deleteMany({});",
      "const c = db; await c.reaction.delete({ where });",
      "await db.$executeRaw`SELECT 1`;",
      "await db.$executeRawUnsafe('VACUUM');",
      'await sqlPool().query(`INSERT INTO "Message" ("id") VALUES ($1)`, [id]);',
      "await pool.query('DELETE FROM \"Ban\" WHERE id = $1', [id]);",
      'await client.query(`UPDATE "Member" SET "role" = ${role}`);',
      'await db.$queryRaw`UPDATE "User" AS u SET "displayName" = ${name} RETURNING u.id`;',
    ].join("\n");
    expect(findWrites("sample.ts", sample).map((f) => f.write)).toEqual([
      "db.message.create",
      "tx.user.update",
      "prisma.member.upsert",
      "db.channel.deleteMany",
      "c.reaction.delete",
      "$executeRaw",
      "$executeRawUnsafe",
      "SQL INSERT",
      "SQL DELETE",
      "SQL UPDATE",
      "SQL UPDATE",
    ]);
    // reads, Map/Set methods, comments and prose are not writes
    const reads = [
      "await db.message.findMany({ where });",
      "await db.$transaction(async (tx) => tx.member.count());",
      "cache.delete(key); sockets.update?.(x); this.held.delete(id);",
      "// db.message.create( in a comment",
      'toast("Delete from the list? Update settings to change it.");',
      'await pool.query(`SELECT * FROM "Member" WHERE "updatedAt" > $1`, [since]);',
    ].join("\n");
    expect(findWrites("reads.ts", reads)).toEqual([]);
  });

  it("sees the domain's own writes (the scan reads real files)", () => {
    const domain = fs
      .readdirSync(path.join(root, "lib/domain"), { recursive: true, encoding: "utf8" })
      .filter((f) => /\.ts$/.test(f) && !isTest(f));
    const writes = domain.flatMap((f) => findWrites(f, fs.readFileSync(path.join(root, "lib/domain", f), "utf8")));
    expect(writes.length).toBeGreaterThan(20);
  });

  it("has no database write outside lib/domain but the known exceptions", () => {
    const files = sourceFiles();
    expect(files).toContain("server.ts");
    expect(files).toContain("lib/db.ts");
    const findings = files.flatMap((file) => findWrites(file, fs.readFileSync(path.join(root, file), "utf8")));
    const isKnown = (f: Finding) => knownExceptions.some((known) => known.file === f.file && known.write === f.write);
    const unexpected = findings
      .filter((f) => !isKnown(f))
      .map((f) => `${f.file}:${f.line} ${f.write} (move it into a lib/domain function)`);
    expect(unexpected).toEqual([]);
    const stale = knownExceptions.filter(
      (known) => !findings.some((f) => f.file === known.file && f.write === known.write),
    );
    expect(stale.map((k) => `${k.file}: ${k.write} is gone, drop it from knownExceptions`)).toEqual([]);
  });
});
