// A failed delivery: it is marked in the list, counted in the header and listed in Needs attention
// with its fix, and sending the template from there clears it, all without a reload.
import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { signIn } from "./accounts";
import { makeUnreachable, pair } from "./operator";

const LIVE = { timeout: 5_000 };

async function sendTemplate(page: Page, as: string) {
  await page.getByLabel("Send as").selectOption({ label: as });
  await page.getByRole("radio", { name: "Template" }).check();
  await page.locator("#send-template").selectOption({ label: "delivery_rider_needs_help (approved)" });
  await page.locator("#send-value-1").fill("Wanda");
  await page.locator("#send-value-2").fill("Sid");
  await page.getByRole("button", { name: "Send", exact: true }).click();
  await expect(page.locator(".toast", { hasText: "Sent." }).last()).toBeVisible();
}

test("a failed delivery is counted and listed with its fix, and the template sent from there clears it", async ({ page }) => {
  await signIn(page);
  const badge = page.locator(".attention-count");
  await expect(badge).toHaveAttribute("data-count", /^\d+$/);
  const before = Number(await badge.getAttribute("data-count"));

  await pair(
    page,
    { name: "Wanda", channel: "WhatsApp", number: "+34 666 200 001" },
    { name: "Sid", channel: "SMS", number: "+1 555 070 0001" },
  );
  const sid = new URL(page.url()).pathname.split("/").pop()!;
  // Wanda's phone is out of reach for one message: the template to her fails (30003).
  await makeUnreachable(page, "whatsapp:+34666200001", 1);
  await sendTemplate(page, "The business");
  const refused = page.locator("ol.timeline li.message").filter({ hasText: "Hello Wanda" });
  await expect(refused).toContainText("To Wanda: Failed", LIVE);
  await expect(badge).toHaveAttribute("data-count", String(before + 1), LIVE);

  // The list marks the conversation, and its failed-delivery filter finds it.
  await page.goto("/conversations?failed=true");
  await expect(page.getByLabel("Only with a failed delivery")).toBeChecked();
  await expect(page.locator(`tr[data-sid="${sid}"] .badge-failed`)).toHaveText("Delivery failed");

  await page.getByRole("link", { name: /Needs attention/ }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Needs attention" })).toBeVisible();
  const item = page.locator(`#attention-failed tr[data-sid="${sid}"]`);
  await expect(item).toContainText("Wanda ⇄ Sid");
  await expect(item).toContainText("+34 666 200 001 · WhatsApp");
  await expect(item.locator(".reason")).not.toBeEmpty();
  await item.getByRole("link", { name: "Send a template" }).click();

  await expect(page).toHaveURL(new RegExp(`/conversations/${sid}\\?send=template$`));
  await expect(page.getByRole("radio", { name: "Template" })).toBeChecked();
  await sendTemplate(page, "The business");
  const template = page.locator("ol.timeline li.message").last();
  await expect(page.locator("ol.timeline li.message").filter({ hasText: "Hello Wanda" })).toHaveCount(2, LIVE);
  await expect(template).toContainText("Hello Wanda", LIVE);
  // Both people got it, Wanda included: one outcome for all.
  await expect(template.locator("ul.deliveries")).toHaveText("Delivered", LIVE);
  await expect(badge).toHaveAttribute("data-count", String(before), LIVE);
  await page.getByRole("link", { name: /Needs attention/ }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Needs attention" })).toBeVisible();
  await expect(page.locator("#attention-failed")).toBeVisible();
  await expect(page.locator(`#attention-failed tr[data-sid="${sid}"]`)).toHaveCount(0);
});
