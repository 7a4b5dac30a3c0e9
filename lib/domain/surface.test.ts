import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

/**
 * The domain's shape, checked: no import cycles inside lib/domain; lib/domain/internal/ is imported
 * from lib/domain only (and lib/testing); lib/domain/*.ts exports use cases (the acting user first)
 * plus the few exceptions below, each with its reason.
 */

const DOMAIN = "lib/domain";
const INTERNAL = `${DOMAIN}/internal`;

/** Exported functions of lib/domain/*.ts that do not take the acting user first, and why adapters may call them. */
const notActorFirst: Record<string, Record<string, string>> = {
  "access.ts": {
    isManager: "pure role predicate: the socket server and pages decide what a role sees",
    PERMANENT: "constant (lib/testing mutes permanently)",
  },
  "messages.ts": { viewColumns: "constant: bench/history.ts's raw baseline selects the columns a page selects" },
  "channels.ts": { toChannelDTO: "pure mapper: the channel page renders the channel requireReadableChannel answered" },
  "threads.ts": { archiveIdleThreads: "the socket server's sweep job" },
  "users.ts": {
    registerUser: "sign-up: nobody is signed in yet",
    verifyCredentials: "sign-in: nobody is signed in yet",
    getUserSummary: "the socket server names the signed-in user",
  },
  "sessions.ts": {
    openSession: "sign-in (lib/auth.ts)",
    isSessionLive: "every request and handshake asks whether its session counts",
    liveSession: "every request asks whether its session counts, and the account's names now",
    describeBrowser: "pure: a user agent as a person reads it",
    endSession: "sign-out",
    endAllSessions: "sign out everywhere",
  },
  "api-tokens.ts": {
    authenticateApiToken: "every /api/v1 request and token handshake asks whom its bearer token acts for",
    closeTokenSockets: "an account disabled or deleted: its tokens' sockets close",
  },
  "subscriptions.ts": {
    deliverDueEvents: "the delivery worker (lib/jobs.ts): deliveries have no actor",
    onEventQueued: "lib/jobs.ts wakes the delivery worker when an event is queued",
    pruneDeliveries: "lib/jobs.ts trims the delivery log",
    retryDelayMs: "pure: the retry schedule, for tests and the README's numbers",
  },
  "webhooks.ts": {
    executeWebhook: "an incoming webhook's POST: the secret in its URL is the credential, there is no actor",
  },
  "auth-throttle.ts": {
    signInThrottled: "sign-in (lib/auth.ts)",
    takeSignUpTurn: "sign-up (lib/actions/auth.ts)",
    signInWaitSeconds: "pure: the wait schedule",
  },
  "account.ts": { toMyAccount: "pure mapper" },
  "admin-users.ts": {
    peekPasswordReset: "anyone holding a reset link sees whose password it sets (nobody is signed in)",
    resetPasswordWithLink: "anyone holding a reset link sets the password once (nobody is signed in)",
  },
  "invites.ts": { getInvitePreview: "anyone holding an invite code sees where it leads" },
  "avatars.ts": { readAvatar: "community avatars are public (invite and discovery pages)" },
  "usage.ts": {
    stopUsage: "server shutdown writes the counts held in memory",
    quotaUse: "the metrics scrape (server.ts) reads the month's deliveries and the quota",
  },
  "read-state.ts": { stopReadPositions: "server shutdown writes the read positions held in memory" },
  // Limiter infrastructure shared with lib/socket/abuse.ts and maintained with the socket limits (its
  // exports change with that work): the whole file is exempt. Its actor-less helpers belong under
  // internal/ once nothing outside the domain imports the file.
  "rate-limits.ts": { "*": "rate limiter infrastructure (lib/socket/abuse.ts imports rateLimiter, isRefusal)" },
};

const isSource = (file: string) => /\.tsx?$/.test(file) && !/\.test\.tsx?$/.test(file) && !file.endsWith(".d.ts");

function sources(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  if (fs.statSync(dir).isFile()) return [dir];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.name === "node_modules" || entry.name === "generated" || entry.name.startsWith(".")) return [];
    const file = path.join(dir, entry.name);
    return entry.isDirectory() ? sources(file) : [file];
  });
}

const parse = (file: string) => ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);

/** Every module specifier a file imports or re-exports (types included: they are edges too). */
function specifiers(file: string): string[] {
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    if (
      (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) &&
      node.moduleSpecifier &&
      ts.isStringLiteral(node.moduleSpecifier)
    ) {
      found.push(node.moduleSpecifier.text);
    } else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      ts.isStringLiteral(node.arguments[0])
    ) {
      found.push(node.arguments[0].text);
    }
    ts.forEachChild(node, visit);
  };
  visit(parse(file));
  return found;
}

/** A relative specifier resolved to a source file of the project, if it is one. */
function resolve(from: string, specifier: string): string | null {
  const base = specifier.startsWith("@/")
    ? specifier.slice(2)
    : specifier.startsWith(".")
      ? path.join(path.dirname(from), specifier)
      : null;
  if (base === null) return null;
  for (const candidate of [`${base}.ts`, `${base}.tsx`, path.join(base, "index.ts")])
    if (fs.existsSync(candidate)) return path.normalize(candidate);
  return null;
}

function cycles(files: string[]): string[][] {
  const graph = new Map(
    files.map((file) => [
      file,
      specifiers(file)
        .map((s) => resolve(file, s))
        .filter((t): t is string => !!t && files.includes(t)),
    ]),
  );
  const found: string[][] = [];
  const state = new Map<string, "open" | "done">();
  const stack: string[] = [];
  const walk = (file: string) => {
    state.set(file, "open");
    stack.push(file);
    for (const next of graph.get(file) ?? []) {
      if (state.get(next) === "open") found.push([...stack.slice(stack.indexOf(next)), next]);
      else if (!state.has(next)) walk(next);
    }
    stack.pop();
    state.set(file, "done");
  };
  for (const file of files) if (!state.has(file)) walk(file);
  return found;
}

/** Exported names of a module, with the name of a function's first parameter (null: not a function we can see into). */
function exportsOf(file: string): { name: string; firstParam: string | null; isFunction: boolean }[] {
  const out: { name: string; firstParam: string | null; isFunction: boolean }[] = [];
  const exported = (node: ts.Node) =>
    ts.canHaveModifiers(node) && !!ts.getModifiers(node)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
  const firstParam = (fn: ts.SignatureDeclarationBase) => {
    const param = fn.parameters[0];
    return param && ts.isIdentifier(param.name) ? param.name.text : null;
  };
  for (const node of parse(file).statements) {
    if (ts.isFunctionDeclaration(node) && exported(node) && node.name) {
      out.push({ name: node.name.text, firstParam: firstParam(node), isFunction: true });
    } else if (ts.isVariableStatement(node) && exported(node)) {
      for (const decl of node.declarationList.declarations) {
        if (!ts.isIdentifier(decl.name)) continue;
        const init = decl.initializer;
        const fn = init && (ts.isArrowFunction(init) || ts.isFunctionExpression(init)) ? init : null;
        out.push({ name: decl.name.text, firstParam: fn ? firstParam(fn) : null, isFunction: !!fn });
      }
    } else if (ts.isClassDeclaration(node) && exported(node) && node.name) {
      out.push({ name: node.name.text, firstParam: null, isFunction: true });
    } else if (
      ts.isExportDeclaration(node) &&
      !node.isTypeOnly &&
      node.exportClause &&
      ts.isNamedExports(node.exportClause)
    ) {
      // re-exported: what it is cannot be seen here, so it must be listed
      for (const element of node.exportClause.elements)
        if (!element.isTypeOnly) out.push({ name: element.name.text, firstParam: null, isFunction: true });
    } else if (ts.isExportDeclaration(node) && !node.isTypeOnly && !node.exportClause) {
      out.push({ name: "*", firstParam: null, isFunction: true });
    } else if (ts.isExportAssignment(node)) {
      out.push({ name: "default", firstParam: null, isFunction: true });
    }
  }
  return out;
}

const domainFiles = sources(DOMAIN).filter(isSource);
const publicFiles = domainFiles.filter((file) => path.dirname(file) === DOMAIN);

describe("the domain's surface", () => {
  it("has no import cycles (type imports included)", () => {
    expect(domainFiles.length).toBeGreaterThan(30);
    expect(cycles(domainFiles).map((cycle) => cycle.map((file) => path.relative(DOMAIN, file)).join(" → "))).toEqual(
      [],
    );
  });

  it("finds a cycle when there is one (the check itself)", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cycle-check-"));
    try {
      fs.writeFileSync(path.join(dir, "a.ts"), 'import { b } from "./b";\nexport const a = () => b;\n');
      fs.writeFileSync(
        path.join(dir, "b.ts"),
        'import type { a } from "./a";\nexport const b = 1 as unknown as typeof a;\n',
      );
      expect(cycles([path.join(dir, "a.ts"), path.join(dir, "b.ts")])).toHaveLength(1);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("keeps lib/domain/internal/ to lib/domain: no adapter, page, script or test elsewhere imports it", () => {
    const outside = ["app", "lib", "components", "server.ts", "prisma", "bench", "scripts", "e2e", "proxy.ts"]
      .flatMap((root) => sources(root))
      // lib/testing builds test worlds and may (as eslint.config.mjs allows)
      .filter(
        (file) => /\.(tsx?|mjs|js)$/.test(file) && !file.startsWith(`${DOMAIN}/`) && !file.startsWith("lib/testing/"),
      );
    expect(outside.length).toBeGreaterThan(50);
    const offenders = outside.flatMap((file) =>
      specifiers(file)
        .filter((s) => /domain\/internal(\/|$)/.test(s) || resolve(file, s)?.startsWith(`${INTERNAL}/`))
        .map((s) => `${file}: ${s}`),
    );
    expect(offenders).toEqual([]);
  });

  it("exports use cases that take the acting user first, and only the listed exceptions besides", () => {
    const unexpected: string[] = [];
    const listed = new Set<string>();
    for (const file of publicFiles) {
      const name = path.basename(file);
      for (const item of exportsOf(file)) {
        if (item.firstParam === "actor") continue;
        if (!item.isFunction) continue; // constants and types
        if (notActorFirst[name]?.["*"]) continue;
        if (notActorFirst[name]?.[item.name]) listed.add(`${name}:${item.name}`);
        else unexpected.push(`${name}: ${item.name}(${item.firstParam ?? "…"})`);
      }
    }
    expect(unexpected).toEqual([]);
    // the list stays true: every exception is still exported
    const stale = Object.entries(notActorFirst)
      .flatMap(([file, names]) =>
        Object.keys(names)
          .filter((n) => n !== "*")
          .map((n) => `${file}:${n}`),
      )
      .filter((key) => !listed.has(key));
    expect(stale).toEqual([]);
  });
});
