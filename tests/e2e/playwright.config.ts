import { defineConfig } from "@playwright/test";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { SETUP_TOKEN } from "./specs/accounts";

// `cargo xtask test` builds the UI and the server and passes their paths; a free port keeps runs apart.
const root = path.resolve(__dirname, "../..");
const port = Number(process.env.SWITCHBOARD_E2E_PORT ?? 18080);
const bin = process.env.SWITCHBOARD_BIN ?? path.join(root, "target/release/switchboard");
const report = process.env.SWITCHBOARD_E2E_REPORT ?? path.join(root, "target/e2e-report.json");
// A fresh folder per run (set once, so the test workers that load this file again agree): the server
// runs in it with its database and nothing else, so the UI it serves is the one the binary carries.
process.env.SWITCHBOARD_E2E_DB ??= path.join(fs.mkdtempSync(path.join(os.tmpdir(), "switchboard-e2e-")), "switchboard.db");
const runDir = path.dirname(process.env.SWITCHBOARD_E2E_DB);

export default defineConfig({
  testDir: "./specs",
  // The first-run journey creates the first admin; every other journey signs in after it. The
  // journeys that count the sandbox's demo conversations run before any that add one, a new spec
  // file lands in "after-workday", and the journey that moves the sandbox's clock runs last.
  projects: [
    { name: "first-run", testMatch: /first-run\.spec\.ts/ },
    { name: "reads", testMatch: /(conversations|csp|staff)\.spec\.ts/, dependencies: ["first-run"] },
    { name: "workday", testMatch: /workday\.spec\.ts/, dependencies: ["reads"] },
    {
      name: "after-workday",
      testIgnore: /(first-run|conversations|csp|staff|workday|ending)\.spec\.ts/,
      dependencies: ["workday"],
    },
    { name: "end-of-day", testMatch: /ending\.spec\.ts/, dependencies: ["after-workday"] },
  ],
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 30_000,
  forbidOnly: !!process.env.CI,
  reporter: [["list"], ["json", { outputFile: report }]],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  webServer: {
    command: `"${bin}" serve --listen 127.0.0.1:${port}`,
    cwd: runDir,
    url: `http://127.0.0.1:${port}/api/v1/info`,
    reuseExistingServer: false,
    timeout: 30_000,
    stdout: "pipe",
    stderr: "pipe",
    env: {
      TWILIO_ACCOUNT_SID: "",
      TWILIO_AUTH_TOKEN: "",
      TWILIO_API_KEY_SID: "",
      TWILIO_API_KEY_SECRET: "",
      SWITCHBOARD_DB: process.env.SWITCHBOARD_E2E_DB,
      // The sandbox's account beside it, so every run starts from the demo data.
      SWITCHBOARD_SANDBOX_DB: path.join(path.dirname(process.env.SWITCHBOARD_E2E_DB), "sandbox.db"),
      SWITCHBOARD_SETUP_TOKEN: SETUP_TOKEN,
      // Faults on demand (a handset out of reach) for the journeys that need a failed delivery.
      SWITCHBOARD_SANDBOX_TEST_CONTROLS: "true",
    },
  },
});
