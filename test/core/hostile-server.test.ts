// The API clients trust no server: hostile servers on 127.0.0.1, in process.
import * as fs from "fs";
import * as http from "http";
import type { AddressInfo } from "net";
import * as path from "path";
import { main as doctor } from "../../commands/doctor/cli";
import { DEFAULT_LIMITS, api, describeFailure, login, parseGateway, screen } from "../../commands/core/genesys-api";
import { minimalEnvironment, tempConfigDir, tempDir } from "../support/config-dir";

const DEPLOYER = { id: "deployer-id", secret: "marker-deployer-secret-hostile-41c7" };
const PARTNER = { id: "partner-id", secret: "marker-partner-secret-hostile-8a0e" };
const TOKEN = "marker-access-token-hostile-1f93";
const ENV = "sandbox";

type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

interface Hostile {
  readonly url: string;
  readonly paths: string[];
  close(): Promise<void>;
}

async function hostile(handler: Handler): Promise<Hostile> {
  const paths: string[] = [];
  const server = http.createServer((req, res) => {
    paths.push(req.url ?? "");
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    paths,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function json(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

/** Logs anyone in, then answers every API call with its own Authorization header and control characters. */
const echoing: Handler = (req, res) => {
  const auth = req.headers.authorization ?? "";
  const decoded = auth.startsWith("Basic ") ? Buffer.from(auth.slice(6), "base64").toString() : "";
  if (req.url === "/login/oauth/token" && decoded.startsWith(PARTNER.id)) {
    return json(res, 200, { access_token: TOKEN, token_type: "bearer", expires_in: 86400 });
  }
  json(res, 400, {
    code: `bad.request \u001b[2J\u001b[31m${auth}`,
    message: `you sent ${auth} (${decoded}) ${"padding ".repeat(2000)}`,
    contextId: `ctx-${auth}`,
  });
};

let dir: string;
let configDir: string;
const closers: (() => Promise<void>)[] = [];
beforeEach(() => {
  dir = tempDir("hostile-");
  configDir = tempConfigDir({ [`${ENV}.json`]: { ...minimalEnvironment(ENV), organization: { name: "Acme" } } });
});
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

async function started(handler: Handler): Promise<Hostile> {
  const server = await hostile(handler);
  closers.push(server.close);
  return server;
}

function appConfig(): string {
  const file = path.join(dir, "app.json");
  fs.writeFileSync(
    file,
    JSON.stringify({ organizationId: "11111111-1111-4111-8111-111111111111", oauthClientId: PARTNER.id }),
  );
  return file;
}

async function runDoctor(url: string, json: boolean): Promise<{ code: number; all: string }> {
  const lines: string[] = [];
  const code = await doctor(
    [ENV, "--gateway", url, "--app-config", appConfig(), "--config-dir", configDir, ...(json ? ["--json"] : [])],
    {
      env: {
        PARTNER_OAUTHCLIENT_SECRET: PARTNER.secret,
        GENESYSCLOUD_OAUTHCLIENT_ID: DEPLOYER.id,
        GENESYSCLOUD_OAUTHCLIENT_SECRET: DEPLOYER.secret,
      },
      out: (line) => lines.push(line),
      err: (line) => lines.push(line),
    },
  );
  return { code, all: lines.join("\n") };
}

function secretForms(): string[] {
  const b64 = (text: string) => Buffer.from(text).toString("base64");
  return [
    DEPLOYER.secret,
    PARTNER.secret,
    TOKEN,
    b64(`${DEPLOYER.id}:${DEPLOYER.secret}`),
    b64(`${PARTNER.id}:${PARTNER.secret}`),
  ];
}

describe("a server that echoes the Authorization header", () => {
  it.each([false, true])("shows none of the secrets, tokens or their base64 forms (--json: %s)", async (asJson) => {
    const server = await started(echoing);
    const { all } = await runDoctor(server.url, asJson);
    expect(server.paths).toContain("/login/oauth/token");
    expect(server.paths.some((p) => p.startsWith("/api/"))).toBe(true);
    for (const form of secretForms()) expect(all).not.toContain(form);
    expect(all).toContain("[redacted]");
    expect(all).not.toMatch(/\u001b/);
  });

  it("cuts server text to one short line", async () => {
    const server = await started(echoing);
    const session = await login({ gateway: new URL(server.url) }, PARTNER.id, PARTNER.secret);
    expect(session.ok).toBe(true);
    if (!session.ok) return;
    const org = await api.organizationsMe(session.value);
    expect(org.ok).toBe(false);
    if (org.ok) return;
    const said = describeFailure(org.failure);
    expect(said.length).toBeLessThan(1000);
    expect(said).toContain("more characters");
    expect(said).not.toMatch(/[\n\r\u001b]/);
  });
});

describe("a server that sends 300 MiB", () => {
  it("is cut off at the size limit: the answer is not read, memory and output stay bounded", async () => {
    const total = 300 * 1024 * 1024;
    let sent = 0;
    const server = await started((_req, res) => {
      res.writeHead(400, { "content-type": "application/json" });
      const chunk = Buffer.alloc(64 * 1024, "A");
      res.write('{"message":"');
      const pump = (): void => {
        while (sent < total && !res.destroyed) {
          sent += chunk.length;
          if (!res.write(chunk)) return void res.once("drain", pump);
        }
        res.end('"}');
      };
      pump();
    });
    const heapBefore = process.memoryUsage().heapUsed;
    const { all } = await runDoctor(server.url, true);
    expect(all).toContain(`larger than ${DEFAULT_LIMITS.maxResponseBytes} bytes`);
    expect(all.length).toBeLessThan(20_000);
    // The client stopped reading soon after the limit (socket buffers aside), so the server stopped sending.
    expect(sent).toBeLessThan(64 * 1024 * 1024);
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(200 * 1024 * 1024);
  });
});

describe("a server that sends one byte at a time", () => {
  it("is given up at the call's deadline, however often a byte comes", async () => {
    const server = await started((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.write("{");
      const timer = setInterval(() => res.write(" "), 20);
      res.on("close", () => clearInterval(timer));
    });
    const result = await login({ gateway: new URL(server.url) }, PARTNER.id, PARTNER.secret, {
      ...DEFAULT_LIMITS,
      deadlineMs: 150,
    });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.failure.network).toBe("no complete answer within 0.15 s");
  });
});

describe("a server that redirects", () => {
  it("is not followed: the credentials never reach the other host", async () => {
    const elsewhere = await started((_req, res) => json(res, 200, { access_token: TOKEN, expires_in: 60 }));
    const server = await started((_req, res) => {
      res.writeHead(307, { location: `${elsewhere.url}/login/oauth/token` });
      res.end();
    });
    const result = await login({ gateway: new URL(server.url) }, PARTNER.id, PARTNER.secret);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.failure.status).toBe(307);
    expect(elsewhere.paths).toEqual([]);
  });
});

describe("an inherited HTTP_PROXY", () => {
  it("never sees the credentials sent to a loopback gateway in plain http", async () => {
    const proxy = await started((_req, res) => json(res, 200, { access_token: TOKEN, expires_in: 60 }));
    const gateway = await started((_req, res) => json(res, 200, { access_token: TOKEN, expires_in: 60 }));
    const saved = { HTTP_PROXY: process.env.HTTP_PROXY, http_proxy: process.env.http_proxy };
    process.env.HTTP_PROXY = process.env.http_proxy = proxy.url;
    try {
      expect((await login({ gateway: new URL(gateway.url) }, PARTNER.id, PARTNER.secret)).ok).toBe(true);
    } finally {
      for (const [name, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
    expect(proxy.paths).toEqual([]);
    expect(gateway.paths).toEqual(["/login/oauth/token"]);
  });
});

describe("--gateway", () => {
  it.each(["http://gateway.example.com", "http://10.0.0.1:8080", "http://127.0.0.1.example.com"])(
    "refuses plain http to another machine: %s",
    (url) => {
      expect(() => parseGateway(url)).toThrow("plain http is allowed only to this machine");
    },
  );

  it.each(["https://gateway.example.com", "http://127.0.0.1:8080", "http://localhost:1", "http://[::1]:9"])(
    "accepts https, and http to loopback: %s",
    (url) => {
      expect(parseGateway(url).href).toBe(new URL(url).href);
    },
  );
});

describe("screen", () => {
  it("replaces control and bidirectional characters and cuts long text", () => {
    expect(screen("a\u0007b\u202ec\nd")).toBe("a\uFFFDb\uFFFDc\uFFFDd");
    expect(screen("x".repeat(400))).toBe(`${"x".repeat(300)}… (100 more characters)`);
  });
});

describe("a secret file passed where JSON is expected", () => {
  it("gets a position in the error, never an excerpt of its content", async () => {
    const file = path.join(dir, "secret-not-json");
    fs.writeFileSync(file, PARTNER.secret);
    const lines: string[] = [];
    const code = await doctor([ENV, "--app-config", file, "--config-dir", configDir], {
      env: { PARTNER_OAUTHCLIENT_SECRET: PARTNER.secret },
      out: (line) => lines.push(line),
      err: (line) => lines.push(line),
    });
    const all = lines.join("\n");
    expect(code).toBe(2);
    expect(all).toContain("is not valid JSON: expected a JSON value (line 1, column 1)");
    expect(all).not.toContain(PARTNER.secret.slice(0, 6));
  });
});
