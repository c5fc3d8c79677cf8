// Times, in headless Chromium, from navigation to the first conversation rows on screen, and from a
// click on "Next page" until the next rows show. Usage: node first-rows.mjs <conversations URL> <cookie>
import { chromium } from "playwright-core";

const [url, cookie] = process.argv.slice(2);
const LOADS = 5;
const PAGES = 10;
const [name, ...value] = cookie.split("=");

const browser = await chromium.launch({
  executablePath: process.env.CHROME_PATH ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const firstRowsMs = [];
const nextPageMs = [];
try {
  for (let load = 0; load < LOADS; load++) {
    // A fresh context each time: nothing cached, as for a person opening the page in the morning.
    const context = await browser.newContext();
    await context.addCookies([{ name, value: value.join("="), url }]);
    const page = await context.newPage();
    await page.addInitScript(() => {
      new MutationObserver((_, observer) => {
        if (document.querySelector("table.conversations tbody tr")) {
          window.__firstRowsAt = performance.now();
          observer.disconnect();
        }
      }).observe(document, { childList: true, subtree: true });
    });
    await page.goto(url);
    await page.waitForFunction(() => window.__firstRowsAt !== undefined, null, { timeout: 30_000 });
    firstRowsMs.push(await page.evaluate(() => window.__firstRowsAt));
    if (load === LOADS - 1) {
      for (let n = 0; n < PAGES; n++) {
        const before = await page.locator("table.conversations tbody tr").first().getAttribute("data-sid");
        const started = performance.now();
        await page.getByRole("link", { name: "Next page" }).click();
        await page.waitForFunction(
          (sid) => {
            const row = document.querySelector("table.conversations tbody tr");
            return row && row.getAttribute("data-sid") !== sid;
          },
          before,
          { timeout: 30_000 },
        );
        nextPageMs.push(performance.now() - started);
      }
    }
    await context.close();
  }
} finally {
  await browser.close();
}
console.log(JSON.stringify({ first_rows_ms: firstRowsMs, next_page_ms: nextPageMs }));
