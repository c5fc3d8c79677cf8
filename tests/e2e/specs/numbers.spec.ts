// The number pool in view: each business number with its channel, country and open pairings, which
// numbers are still free for a person typed in, and a new person paired on a number of their own
// country.
import { expect, test } from "./fixtures";
import { signIn } from "./accounts";
import { addBusinessNumber, expectAccessible, pair, screenshot } from "./operator";

test.beforeEach(async ({ page }) => {
  await signIn(page);
});

test("the pool shows each number's use, which numbers are free for someone, and prefers their country", async ({ page }) => {
  await page.getByRole("link", { name: "Numbers", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Business numbers");
  const robertsNumber = page.locator('tr[data-number="whatsapp:+15550108001"]');
  await expect(robertsNumber).toContainText("+1 555 010 8001");
  await expect(robertsNumber).toContainText("WhatsApp");
  await expect(robertsNumber).toContainText("United States");
  await expect(page.locator("table.numbers tbody tr")).toHaveCount(4);
  await expect(page.locator(".pool-summary")).toContainText("WhatsApp — people with an open pairing:");
  await screenshot(page, "numbers");
  await expectAccessible(page);

  await page.getByLabel("Their phone number").fill("+34 600 000 001");
  await page.getByRole("button", { name: "Check" }).click();
  const free = page.getByRole("list", { name: "+34 600 000 001" });
  await expect(free).toContainText("+1 555 010 8001 · WhatsApp: held in Order 8812");
  await expect(free).toContainText("+1 555 010 8002 · WhatsApp: free");

  await addBusinessNumber(page, "whatsapp:+34910000001");
  await pair(
    page,
    { name: "Pilar", channel: "WhatsApp", number: "+34 611 400 001" },
    { name: "Sam", channel: "SMS", number: "+1 555 090 0001" },
  );
  await expect(page.getByRole("list", { name: "How the two people are connected" })).toContainText("+34 910 000 001");
  await page.goto("/numbers");
  const spanish = page.locator('tr[data-number="whatsapp:+34910000001"]');
  await expect(spanish).toContainText("Spain");
  await expect(spanish.locator("td").nth(3)).toHaveText("1", { timeout: 10_000 });
});

test("a handset opened by hand writes first to any business number", async ({ page }) => {
  await page.goto("/phones");
  await page.getByLabel("Phone", { exact: true }).fill("+15550660001");
  await page.getByRole("button", { name: "Open phone" }).click();
  const stranger = page.getByRole("region", { name: "+1 555 066 0001 · SMS" });
  const to = stranger.getByLabel("To our number");
  await expect(to.locator("option")).toHaveText(["+1 555 010 9001", "+1 555 010 9002"]);
  await to.selectOption("+15550109002");
  await stranger.getByLabel("Reply as this person").fill("Hello, is this the bakery?");
  await stranger.getByRole("button", { name: "Send" }).click();
  await expect(stranger.locator(".bubble-out")).toContainText("Hello, is this the bakery?");
  await expectAccessible(page);
});
