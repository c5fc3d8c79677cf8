// Lighthouse's performance audit (its default: a mid-range phone on a throttled 4G link, simulated)
// of one signed-in page, repeated. Usage: node lighthouse.mjs <URL> <cookie> <runs>
import lighthouse from "lighthouse";
import * as chromeLauncher from "chrome-launcher";

// A run Lighthouse could not measure (a runtime error, or no LCP) is recorded with its error and
// another is made, up to two more, so that the median is over measured runs.
const [url, cookie, runsText] = process.argv.slice(2);
const wanted = Number(runsText ?? 3);
const runs = [];
const measured = () => runs.filter((run) => !run.error).length;
while (measured() < wanted && runs.length < wanted + 2) {
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
    const error = lhr.runtimeError?.code ?? lhr.audits["largest-contentful-paint"]?.errorMessage ?? null;
    runs.push({
      error,
      score: error ? null : Math.round((lhr.categories.performance.score ?? 0) * 100),
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
