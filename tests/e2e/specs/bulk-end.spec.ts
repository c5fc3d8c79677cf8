// Ending many conversations from the list: all that match the filters, or the ones chosen, each in
// one confirmed step with a progress bar and the result.
import { expect, test } from "./fixtures";
import { signIn } from "./accounts";
import { confirm, expectAccessible, pair } from "./operator";

test.beforeEach(async ({ page }) => {
  await signIn(page);
});

test("all conversations that match, then one chosen, are ended in one confirmed step each", async ({ page }) => {
  for (const n of [1, 2, 3]) {
    await pair(
      page,
      { name: `Sweep${n}`, channel: "WhatsApp", number: `+34 677 000 00${n}` },
      { name: `Desk${n}`, channel: "SMS", number: `+1 555 077 000${n}` },
    );
  }
  await page.goto("/conversations?q=Sweep");
  const rows = page.locator("table.conversations tbody tr");
  await expect(rows).toHaveCount(3);
  await expect(page.locator(".bulk-end")).toContainText("Chosen: 0 · open and matching the filters: 3");
  await expectAccessible(page);

  await rows.filter({ hasText: "Sweep1" }).getByRole("checkbox").check();
  await expect(page.locator(".bulk-end")).toContainText("Chosen: 1 ·");
  await page.getByRole("button", { name: "End the chosen" }).click();
  await expect(page.getByRole("dialog")).toContainText("End 1 conversation now?");
  await confirm(page, "End them");
  await expect(page.locator(".bulk-progress")).toContainText("Done: 1 ended, 0 not.");
  await expect(rows.filter({ hasText: "Sweep1" }).locator(".state")).toHaveText("Closed");

  await expect(page.locator(".bulk-end")).toContainText("open and matching the filters: 2");
  await page.getByRole("button", { name: "End all that match" }).click();
  await expect(page.getByRole("dialog")).toContainText("End 2 conversations now?");
  await confirm(page, "End them");
  await expect(page.locator(".bulk-progress")).toContainText("Done: 2 ended, 0 not.");
  await expect(page.locator(".bulk-progress progress")).toHaveAttribute("value", "2");
  for (const n of [2, 3]) {
    await expect(rows.filter({ hasText: `Sweep${n}` }).locator(".state")).toHaveText("Closed");
  }
  await page.goto("/audit?action=bulk_end.start");
  await expect(page.locator("table.audit tbody tr")).toHaveCount(2);
});
