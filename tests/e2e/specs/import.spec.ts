// Adds conversations, so it runs after the journeys that count the demo ones (see the projects in
// playwright.config.ts).
import { expect, test } from "./fixtures";
import { signIn } from "./accounts";
import { expectAccessible, screenshot } from "./operator";

const CSV = [
  "friendly_name,reference,a_name,a_channel,a_number,a_proxy,b_name,b_channel,b_number,b_proxy",
  "Order 6001,6001,Lina,whatsapp,+34 611 600 001,,Omar,sms,+1 555 060 0001,",
  "Order 6002,6002,Pia,whatsapp,611 600 002,,Quim,sms,+1 555 060 0002,",
  "Order 6003,6003,Rui,sms,+1 555 060 0003,,Sara,whatsapp,+34 611 600 003,",
].join("\r\n");

test("a CSV with one bad row is previewed, then the good rows are paired with a result for each", async ({ page }) => {
  await signIn(page);
  await page.goto("/pairings/new");
  await page.getByRole("link", { name: "Import many from a CSV file" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Import pairings");
  await page.getByLabel("Choose a CSV file").setInputFiles({
    name: "orders.csv",
    mimeType: "text/csv",
    buffer: Buffer.from("\ufeff" + CSV),
  });
  await expect(page.getByLabel("CSV", { exact: true })).toHaveValue(/Order 6003/);
  await page.getByRole("button", { name: "Check rows" }).click();
  await expect(page.getByRole("status").filter({ hasText: "rows ready" })).toHaveText(
    "2 rows ready, 1 with problems to fix.",
  );
  const bad = page.locator("table.import-preview tr", { hasText: "Order 6002" });
  await expect(bad).toContainText("a_number: Start the number with + and the country code");
  await screenshot(page, "import");
  await expectAccessible(page);

  await page.getByRole("button", { name: "Import the good rows" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Done" })).toHaveText("Done: 2 paired, 1 not.", {
    timeout: 20_000,
  });
  await expect(page.locator("progress")).toHaveAttribute("value", "3");
  const made = page.locator("table.import-results tr", { hasText: "Order 6001" });
  await expect(made).toContainText("Paired");
  await made.getByRole("link").click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Order 6001");
});
