// The first page and the pages after it, in headless Chromium with nothing cached: the bytes on the
// wire from opening /sign-in to the conversations list signed in, which of the UI's files that took,
// and the time from a click on each header link to that page shown with its data (its code not yet
// loaded). Usage: node first-page.mjs <base URL> <username> <password> <runs>
import { chromium } from "playwright-core";

const [base, username, password, runsText] = process.argv.slice(2);
const runs = Number(runsText ?? 3);
// Header links to pages whose code loads on demand; the admin sees them all (Phones only on the
// embedded sandbox, which the bench does not use).
const LINKS = ["Templates", /^Needs attention/, "Audit log", "Users", "Account events", "New pairing"];

const browser = await chromium.launch({
  executablePath: process.env.CHROME_PATH ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const firstPage = [];
const navigations = [];
try {
  for (let run = 0; run < runs; run++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send("Network.enable");
    const urls = new Map();
    const files = [];
    let bytes = 0;
    cdp.on("Network.responseReceived", (e) => urls.set(e.requestId, e.response.url));
    cdp.on("Network.loadingFinished", (e) => {
      bytes += e.encodedDataLength;
      const url = urls.get(e.requestId) ?? "";
      files.push({ path: new URL(url).pathname, bytes: e.encodedDataLength });
    });
    await page.goto(`${base}/sign-in`);
    await page.getByLabel("Username").fill(username);
    await page.getByLabel("Password").fill(password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.locator("table.conversations tbody tr").first().waitFor({ timeout: 30_000 });
    // The list's live stream stays open; what it has sent so far counts.
    firstPage.push({ bytes, files: files.filter((f) => !f.path.startsWith("/api/")) });
    for (const name of LINKS) {
      const link = page.locator("#site-nav").getByRole("link", { name, exact: typeof name === "string" });
      const href = await link.getAttribute("href");
      const started = await page.evaluate(() => performance.now());
      await link.click();
      await page.waitForFunction(
        (path) => location.pathname === path
          && document.querySelector("main h1") !== null
          && document.querySelector("main .loading") === null,
        href,
        { timeout: 30_000, polling: "raf" },
      );
      const shown = await page.evaluate(() => performance.now());
      navigations.push({ page: href, ms: shown - started });
    }
    await context.close();
  }
} finally {
  await browser.close();
}
console.log(JSON.stringify({ first_page: firstPage, navigations }));
