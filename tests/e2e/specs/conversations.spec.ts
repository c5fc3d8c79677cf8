import { expect, test } from "./fixtures";
import { signIn } from "./accounts";

test.beforeEach(async ({ page }) => {
  await signIn(page);
});

test("the home page opens the conversations list with the sandbox's demo conversations", async ({ page }) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/conversations$/);
  await expect(page.getByRole("heading", { level: 1, name: "Conversations" })).toBeVisible();
  const rows = page.locator("table.conversations tbody tr");
  await expect(rows).toHaveCount(4);
  await expect(rows.filter({ hasText: "Order 8812 — Robert ⇄ Alicia" })).toContainText("Active");
  await expect(rows.filter({ hasText: "Clinic follow-up — patient 2231" })).toContainText("Closed");
});

test("the sandbox badge tells the operator no real phone is reached", async ({ page }) => {
  await page.goto("/conversations");
  const badge = page.getByRole("status").filter({ hasText: "Sandbox" });
  await expect(badge).toBeVisible();
  await expect(badge).toHaveAttribute("title", /simulated phones/);
});

test("a deep link to an unknown page shows a way back", async ({ page }) => {
  await page.goto("/no/such/page");
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  await page.getByRole("link", { name: "Back to conversations" }).click();
  await expect(page.locator("table.conversations tbody tr")).toHaveCount(4);
});

test("created times are shown in local time, not as stored", async ({ page }) => {
  await page.goto("/conversations");
  const time = page.locator("table.conversations time").first();
  await expect(time).toHaveAttribute("datetime", /Z$/);
  const shown = await time.textContent();
  expect(shown).not.toMatch(/T\d\d:\d\d:\d\dZ/);
});

test("opening the list asks the server for each thing the page shows once", async ({ page }) => {
  const asked: string[] = [];
  page.on("request", (request) => {
    const url = new URL(request.url());
    // The event stream is a long-lived request of its own, not a read.
    if (url.pathname.startsWith("/api/") && url.pathname !== "/api/v1/events") {
      asked.push(`${request.method()} ${url.pathname}${url.search}`);
    }
  });
  await page.goto("/conversations");
  await expect(page.locator("table.conversations tbody tr")).toHaveCount(4);
  await expect(page.getByRole("status").filter({ hasText: "Sandbox" })).toBeVisible();
  // The header's attention count and the business numbers of the filters come beside the list.
  await expect(page.locator(".attention-count")).toHaveAttribute("data-count", /^\d+$/);
  await expect(page.locator("#search-number option")).not.toHaveCount(1);
  await page.waitForTimeout(300);
  expect(asked.sort()).toEqual([
    "GET /api/v1/attention",
    "GET /api/v1/conversations",
    "GET /api/v1/info",
    "GET /api/v1/numbers",
    "GET /api/v1/session",
  ]);
});

test("on a phone over a slow link the list page does not move once drawn", async ({ page }) => {
  await page.setViewportSize({ width: 412, height: 823 });
  await page.addInitScript(() => {
    const w = window as unknown as { shifted: number };
    w.shifted = 0;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries() as unknown as { value: number; hadRecentInput: boolean }[]) {
        if (!entry.hadRecentInput) w.shifted += entry.value;
      }
    }).observe({ type: "layout-shift", buffered: true });
  });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 150, downloadThroughput: 200_000, uploadThroughput: 90_000 });
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: 4 });
  await page.goto("/conversations");
  await expect(page.locator("table.conversations tbody tr")).toHaveCount(4, { timeout: 30_000 });
  await page.waitForTimeout(500);
  expect(await page.evaluate(() => (window as unknown as { shifted: number }).shifted)).toBe(0);
});
