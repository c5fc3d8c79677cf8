// A pairing's whole life: the admins' default end, the page saying when it closes, the sandbox's
// clock moved on so that it closes by itself and its people are paired again at once on the same
// business numbers, then Extend and End now (audited). It moves the clock, so it runs last
// (playwright.config.ts).
import { expect, test } from "./fixtures";
import { signIn } from "./accounts";
import { advanceSandboxClock, confirm, expectAccessible, pair, screenshot } from "./operator";

const LENA = { name: "Lena", channel: "WhatsApp", number: "+34 611 000 071" } as const;
const OMAR = { name: "Omar", channel: "SMS", number: "+1 555 020 0071" } as const;

test.beforeEach(async ({ page }) => {
  await signIn(page);
});

test("a pairing closes after its silence, its people are paired again at once, and Extend and End now work", async ({ page }) => {
  await page.getByRole("link", { name: "Settings", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Settings");
  await page.getByLabel("Close a pairing after this much silence").selectOption({ label: "2 hours" });
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByText("Settings saved. New pairings get this end.")).toBeVisible();
  await screenshot(page, "settings");
  await expectAccessible(page);

  await page.goto("/pairings/new");
  await expect(page.getByLabel("Ends").locator("option:checked")).toHaveText("The default: closes after 2 hours of silence");
  await pair(page, LENA, OMAR);
  const ending = page.getByTestId("ending");
  await expect(ending).toHaveText(/^Closes in (2 hr|1 hr 59 min) · closes after 2 hours of silence$/);
  const route = page.getByRole("list", { name: "How the two people are connected" });
  const numbers = await route.textContent();
  const first = page.url();
  await page.goto("/conversations?q=Lena");
  const row = page.locator("tr", { hasText: "Lena ⇄ Omar" });
  await expect(row.locator(".ending")).toHaveText(/^Closes in (2 hr|1 hr 59 min)$/);

  await advanceSandboxClock(page, "PT3H");
  await page.reload();
  await expect(row.locator(".state")).toHaveText("Closed", { timeout: 10_000 });
  await expect(row.locator(".ending")).toHaveCount(0);
  await page.goto(first);
  await expect(page.locator(".page-head .state")).toHaveText("Closed");
  await expect(ending).toHaveText("");

  await pair(page, LENA, OMAR);
  expect(page.url()).not.toBe(first);
  await expect(route).toHaveText(numbers ?? "");
  await page.getByLabel("Extend by").selectOption({ label: "1 hour" });
  await page.getByRole("button", { name: "Extend", exact: true }).click();
  await expect(page.getByText("The close moved later.")).toBeVisible();
  await expect(ending).toHaveText(/^Closes in (3 hr|2 hr 59 min) · closes after (3 hours|179 minutes|180 minutes) of silence$/);
  await page.getByRole("button", { name: "End now" }).click();
  await confirm(page, "End now");
  await expect(page.locator(".page-head .state")).toHaveText("Closed");

  for (const action of ["conversation.extend", "conversation.close", "settings.update"]) {
    await page.goto(`/audit?action=${action}`);
    await expect(page.locator("table.audit tbody tr").first()).toContainText("Done");
  }
});
