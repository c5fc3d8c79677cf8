// Lighthouse's performance audit (its default: a mid-range phone on a throttled 4G link, simulated)
// of one signed-in page, repeated. Usage: node lighthouse.mjs <URL> <cookie> <runs>
import lighthouse from "lighthouse";
import * as chromeLauncher from "chrome-launcher";

const [url, cookie, runsText] = process.argv.slice(2);
const runs = [];
for (let n = 0; n < Number(runsText ?? 3); n++) {
  const chrome = await chromeLauncher.launch({
    chromePath: process.env.CHROME_PATH ?? "/usr/bin/chromium",
    chromeFlags: ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  try {
    const result = await lighthouse(url, {
      port: chrome.port,
      onlyCategories: ["performance"],
      extraHeaders: { Cookie: cookie },
      logLevel: "error",
      output: "json",
    });
    const lhr = result.lhr;
    const audit = (id) => lhr.audits[id]?.numericValue ?? null;
    runs.push({
      score: Math.round((lhr.categories.performance.score ?? 0) * 100),
      lcp_ms: audit("largest-contentful-paint"),
      fcp_ms: audit("first-contentful-paint"),
      tbt_ms: audit("total-blocking-time"),
      cls: audit("cumulative-layout-shift"),
      speed_index_ms: audit("speed-index"),
      transfer_bytes: audit("total-byte-weight"),
      final_url: lhr.finalDisplayedUrl,
      warnings: lhr.runWarnings,
    });
  } finally {
    await chrome.kill();
  }
}
console.log(JSON.stringify({ runs }));
