// The admin's account events page on the sandbox, where Switchboard is connected at start: the URL in
// force is ours, nothing is left to change, the first read of the account is done, and the list is
// served from the mirror (every filter, counts per state).
import { expect, test } from "./fixtures";
import { signIn } from "./accounts";

test.beforeEach(async ({ page }) => {
  await signIn(page);
});

test("the account events page shows Switchboard connected and the account read in full", async ({ page }) => {
  await page.getByRole("link", { name: "Account events" }).click();
  await expect(page).toHaveURL(/\/settings\/events$/);
  await expect(page.getByRole("heading", { level: 1, name: "Account events" })).toBeVisible();
  const connection = page.locator("[data-connected]");
  await expect(connection).toHaveAttribute("data-connected", "true");
  await expect(connection).toHaveText("Connected: Twilio posts the account's events to Switchboard.");
  const ours = (await page.locator("code.our-url").textContent()) ?? "";
  expect(ours).toMatch(/^https?:\/\/[^/]+\/hooks\/twilio\/events$/);
  await expect(page.locator(".post-url").filter({ hasText: ours })).not.toHaveCount(0);
  await expect(page.getByRole("button", { name: "Connect", exact: true })).toHaveCount(0);
  const answer = await (await page.request.get("/api/v1/account-events")).json();
  expect(answer.connected).toBe(true);
  expect(answer.changes).toEqual([]);

  const walk = page.locator('.walk[data-walk="finished"]');
  await expect(walk).toContainText(/Read in full: [\d,]+ conversations, finished /);
  await expect(walk.locator("progress")).toHaveAttribute("value", "1");

  await page.getByRole("button", { name: "Read the whole account again" }).click();
  await expect(page.locator(".toast", { hasText: "The account is being read again." })).toBeVisible();
  await expect(page.locator('.walk[data-walk="finished"]')).toBeVisible({ timeout: 15_000 });
});

test("with the mirror filled the list searches everything, filters by the mirror, and counts each state", async ({ page }) => {
  await page.goto("/conversations");
  await expect(page.locator("p.coverage")).toHaveText("The search covers every conversation of the account.");
  for (const field of ["#search-channel", "#search-number", "#search-window", "#search-sort"]) {
    await expect(page.locator(field)).toBeEnabled();
  }
  const closedTab = page.locator('nav.state-tabs a[data-state="closed"]');
  const closed = Number(/\((\d+)\)/.exec((await closedTab.textContent()) ?? "")?.[1]);
  expect(closed).toBeGreaterThan(0);
  await closedTab.click();
  await expect(page).toHaveURL(/\/conversations\?state=closed$/);
  await expect(page.locator('nav.state-tabs a[aria-current="page"]')).toHaveAttribute("data-state", "closed");
  const rows = page.locator("table.conversations tbody tr");
  await expect(rows).toHaveCount(closed);
  for (const state of await rows.locator(".state").allTextContents()) expect(state).toBe("Closed");

  await page.getByLabel("Channel").selectOption("mixed");
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page).toHaveURL(/state=closed&channel=mixed$/);
  await expect(page.getByLabel("Channel")).toHaveValue("mixed");
  await page.locator('nav.state-tabs a[data-state=""]').click();
  await expect(page).toHaveURL(/\/conversations\?channel=mixed$/);
  await expect(page.locator("tr", { hasText: "Order 8812" })).toBeVisible();
});
