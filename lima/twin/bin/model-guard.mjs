// A guard in front of the model endpoint, for three twin faults: `limit N` answers 429 to every request beyond N per
// minute (a rate limiter), `filter` withholds any user message that looks like a prompt injection (an input filter),
// `fail` answers 401 to every chat completion (a revoked key: OpenClaw neither retries nor falls back, so every
// turn fails at once).
// Usage: node model-guard.mjs LISTEN_PORT UPSTREAM_PORT limit N | filter | fail
import http from "node:http";

const [listen, upstream, mode, limitArg] = process.argv.slice(2);
const limit = Number(limitArg || 3);
const injection = /ignore (all |any )?(previous|prior|above)|system prompt|developer mode|you are now|exfiltrat|secrets\.env|curl [^|]*\|\s*(ba)?sh|<!--|base64 -d/i;
const seen = [];

function filtered(body) {
  const request = JSON.parse(body);
  for (const message of request.messages ?? []) {
    if (message.role !== "user") continue;
    const text = typeof message.content === "string" ? message.content
      : (message.content ?? []).map((part) => part.text ?? "").join("\n");
    if (injection.test(text)) message.content = "[message withheld by the input filter]";
  }
  return JSON.stringify(request);
}

http.createServer((req, res) => {
  const chunks = [];
  req.on("data", (c) => chunks.push(c));
  req.on("end", () => {
    let body = Buffer.concat(chunks).toString("utf8");
    if (mode === "limit" && req.url.endsWith("/chat/completions")) {
      const now = Date.now();
      while (seen.length && now - seen[0] > 60_000) seen.shift();
      if (seen.length >= limit) {
        res.writeHead(429, { "content-type": "application/json", "retry-after": "60" });
        res.end(JSON.stringify({ error: { message: "rate limit: " + limit + " requests per minute", type: "rate_limit_exceeded" } }));
        return;
      }
      seen.push(now);
    }
    if (mode === "fail" && req.url.endsWith("/chat/completions")) {
      res.writeHead(401, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: { message: "Incorrect API key provided", type: "invalid_request_error", code: "invalid_api_key" } }));
      return;
    }
    if (mode === "filter" && req.url.endsWith("/chat/completions")) {
      try { body = filtered(body); } catch { /* not JSON: pass it on */ }
    }
    const headers = { ...req.headers, host: "127.0.0.1:" + upstream, "content-length": Buffer.byteLength(body) };
    const forward = http.request({ host: "127.0.0.1", port: Number(upstream), path: req.url, method: req.method, headers }, (up) => {
      res.writeHead(up.statusCode, up.headers);
      up.pipe(res);
    });
    forward.on("error", (e) => { res.writeHead(502); res.end(String(e)); });
    forward.end(body);
  });
}).listen(Number(listen), "127.0.0.1");
