// A child process for the shared rate limit test: an app process's /api/v1 handler (REDIS_URL and
// DATABASE_URL from the environment). IPC: answers {type:"get", token, path, count} with the status
// and X-RateLimit-Remaining of each of `count` requests, made one after another.
import { handleApiRequest } from "../api/handler";

if (!process.send) throw new Error("api-process.ts runs as a child process with an IPC channel");

process.on("message", async (message: { type: string; token: string; path: string; count: number }) => {
  if (message.type !== "get") return;
  const answers: Array<{ status: number; remaining: string | null }> = [];
  for (let i = 0; i < message.count; i++) {
    const response = await handleApiRequest(
      new Request(`http://localhost/api/v1${message.path}`, { headers: { authorization: `Bearer ${message.token}` } }),
    );
    answers.push({ status: response.status, remaining: response.headers.get("x-ratelimit-remaining") });
  }
  process.send!({ type: "answers", answers });
});
process.send({ type: "ready" });
