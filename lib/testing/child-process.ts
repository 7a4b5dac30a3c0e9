import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";

/**
 * One of lib/testing's child-process scripts (`script`, a file name there) under tsx, with the
 * test's environment plus `env`, resolved once it sends its first IPC message ("ready").
 */
export async function startTestProcess(script: string, env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", path.join(import.meta.dirname, script)], {
    stdio: ["ignore", "inherit", "inherit", "ipc"],
    env: { ...process.env, DATABASE_POOL_SIZE: "2", ...env },
  });
  await new Promise<void>((resolve, reject) => {
    child.once("message", () => resolve());
    child.once("exit", (code) => reject(new Error(`${script} exited (${code})`)));
  });
  return child;
}

/** SIGKILL, resolved once the process is gone. */
export const killProcess = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once("exit", () => resolve());
    child.kill("SIGKILL");
  });
