// Times, in headless Chromium, from a handset's message reaching the sandbox until the open
// conversation page shows it, with no click: the server hears Twilio's event and tells the page.
// Usage: node handset-shown.mjs <conversation URL> <cookie> <sandbox phones URL> <authorization> <from> <to>
import { chromium } from "playwright-core";

const [url, cookie, phonesUrl, authorization, from, to] = process.argv.slice(2);
const MESSAGES = 40;
const [name, ...value] = cookie.split("=");

const browser = await chromium.launch({
  executablePath: process.env.CHROME_PATH ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const shownMs = [];
try {
  const context = await browser.newContext();
  // For the whole site: a cookie set for the page's own URL would be kept to its folder.
  await context.addCookies([{ name, value: value.join("="), url: new URL(url).origin }]);
  const page = await context.newPage();
  await page.goto(url);
  // The conversation's send box (signed in, the page drawn); its timeline may still be empty.
  await page.getByRole("textbox", { name: "Message" }).waitFor({ timeout: 30_000 });
  // The page's event stream opens once the page is up.
  await page.waitForTimeout(1_000);
  for (let n = 0; n < MESSAGES; n++) {
    const body = `Handset check ${n} ${Date.now()}`;
    const started = performance.now();
    const sent = await fetch(phonesUrl, {
      method: "POST",
      headers: { authorization, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ From: from, To: to, Body: body }),
    });
    if (sent.status !== 201) throw new Error(`the handset's message was refused: ${sent.status} ${await sent.text()}`);
    // Checked in the page at every frame it draws, so the time is when the text lands on screen.
    await page.waitForFunction(
      (text) => document.querySelector("ol.timeline")?.textContent.includes(text) ?? false,
      body,
      { polling: "raf", timeout: 10_000 },
    );
    shownMs.push(performance.now() - started);
    await page.waitForTimeout(150);
  }
  await context.close();
} finally {
  await browser.close();
}
console.log(JSON.stringify({ shown_ms: shownMs }));
