import { chromium } from "playwright-core";
const [base, cookie] = process.argv.slice(2);
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu"] });
const context = await browser.newContext();
const [name, ...value] = cookie.split("=");
await context.addCookies([{ name, value: value.join("="), url: base }]);
const page = await context.newPage();
const cdp = await context.newCDPSession(page);
await cdp.send("Profiler.enable");
await cdp.send("Profiler.setSamplingInterval", { interval: 200 });
await cdp.send("Profiler.start");
await page.goto(`${base}/conversations`);
await page.locator("table.conversations tbody tr").first().waitFor();
const { profile } = await cdp.send("Profiler.stop");
const self = new Map();
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const dt = profile.timeDeltas; const samples = profile.samples;
for (let i = 0; i < samples.length; i++) {
  const n = byId.get(samples[i]); const f = n.callFrame;
  const key = `${f.functionName || "(anon)"} ${f.url.split("/").pop()}`;
  self.set(key, (self.get(key) ?? 0) + (dt[i] ?? 0));
}
const top = [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 25);
for (const [k, us] of top) console.log((us / 1000).toFixed(1).padStart(7), k);
await browser.close();
