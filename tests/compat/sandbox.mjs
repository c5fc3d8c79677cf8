// Starts `switchboard sandbox` on a free port with known credentials, and gives a twilio-node
// client whose only change is the base URL of each API.
import { spawn } from "node:child_process";
import { once } from "node:events";
import path from "node:path";
import { fileURLToPath } from "node:url";
import twilio from "twilio";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const ACCOUNT_SID = "AC" + "c0ffee00".repeat(4);
export const AUTH_TOKEN = "compat-test-token-not-a-secret";
export const SMS = ["+15550109001", "+15550109002"];
export const WHATSAPP = ["whatsapp:+15550108001", "whatsapp:+15550108002"];

export async function startSandbox() {
  const bin = process.env.SWITCHBOARD_BIN ?? path.join(root, "target/debug/switchboard");
  const env = { ...process.env, RUST_LOG: "warn" };
  delete env.SWITCHBOARD_SANDBOX_DB;
  delete env.SWITCHBOARD_SANDBOX_PORT;
  env.SWITCHBOARD_SANDBOX_ACCOUNT_SID = ACCOUNT_SID;
  env.SWITCHBOARD_SANDBOX_AUTH_TOKEN = AUTH_TOKEN;
  const child = spawn(bin, ["sandbox", "--port", "0"], {
    env,
    stdio: ["ignore", "pipe", "inherit"],
  });
  let output = "";
  child.stdout.setEncoding("utf8");
  const ready = new Promise((resolve, reject) => {
    child.stdout.on("data", (chunk) => {
      output += chunk;
      const match = output.match(/Sandbox ready: (http:\/\/\S+)/);
      if (match) resolve(match[1]);
    });
    child.on("exit", (code) => reject(new Error(`switchboard sandbox exited with ${code}`)));
  });
  const baseUrl = await ready;
  const client = twilio(ACCOUNT_SID, AUTH_TOKEN);
  client.conversations.baseUrl = baseUrl;
  client.content.baseUrl = baseUrl;
  client.messaging.baseUrl = `${baseUrl}/messaging`;
  return {
    baseUrl,
    client,
    async stop() {
      child.kill();
      await once(child, "exit");
    },
    /** A simulated handset writes `body` from `from` to one of the account's numbers. */
    async text(from, to, body) {
      return sandboxCall(baseUrl, "POST", "/sandbox/v1/Phones/Messages", { From: from, To: to, Body: body });
    },
    /** What a simulated handset has received and sent. */
    async handset(address) {
      const reply = await sandboxCall(baseUrl, "GET", `/sandbox/v1/Phones/${encodeURIComponent(address)}/Messages`);
      return reply.messages;
    },
    async deliveries() {
      return (await sandboxCall(baseUrl, "GET", "/sandbox/v1/Webhooks/Deliveries")).deliveries;
    },
  };
}

async function sandboxCall(baseUrl, method, path, form) {
  const response = await fetch(baseUrl + path, {
    method,
    headers: {
      Authorization: "Basic " + Buffer.from(`${ACCOUNT_SID}:${AUTH_TOKEN}`).toString("base64"),
      ...(form ? { "Content-Type": "application/x-www-form-urlencoded" } : {}),
    },
    body: form ? new URLSearchParams(form) : undefined,
  });
  const body = await response.json();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(body)}`);
  return body;
}
