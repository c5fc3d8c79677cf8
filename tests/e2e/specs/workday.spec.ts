// Adds conversations, so it runs after the journeys that count the demo ones (see the projects in
// playwright.config.ts).
import { expect, test } from "./fixtures";
import { signIn } from "./accounts";
import { confirm, expectAccessible, handset, pair, screenshot } from "./operator";

test.beforeEach(async ({ page }) => {
  await signIn(page);
});

test("the list searches by name or phone and keeps the view in the URL for Back", async ({ page }) => {
  await page.goto("/conversations");
  await expect(page.locator("table.conversations tbody tr").first()).toBeVisible();
  await expect(page.locator("tr", { hasText: "Order 8812" })).toContainText("+34 600 000 001 · WhatsApp ⇄ +1 555 010 0001 · SMS");
  await screenshot(page, "conversations");
  await expectAccessible(page);
  await page.getByLabel("Name or phone").fill("+34 600 000 002");
  await page.getByRole("button", { name: "Search" }).click();
  // The search form submits as a browser does: spaces become `+` in the query.
  await expect(page).toHaveURL(/q=%2B34\+600\+000\+002/);
  await expect(page.locator("table.conversations tbody tr")).toHaveCount(1);
  await expect(page.locator("tbody tr")).toContainText("Order 8813");
  await page.getByLabel("State").selectOption("closed");
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page.getByText("No conversation matches.")).toBeVisible();
  await page.goBack();
  await expect(page.locator("tbody tr")).toContainText("Order 8813");
  await expect(page.getByLabel("Name or phone")).toHaveValue("+34 600 000 002");
});

test("an SMS and a WhatsApp person are paired, and each one's message reaches the other's phone", async ({ page }) => {
  await page.goto("/pairings/new");
  await screenshot(page, "pairing-board");
  await expectAccessible(page);
  await pair(
    page,
    { name: "Rosa", channel: "WhatsApp", number: "+34 611 000 001" },
    { name: "Ahmed", channel: "SMS", number: "+1 555 020 0001" },
  );
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Rosa ⇄ Ahmed");
  await screenshot(page, "conversation");
  await expectAccessible(page);
  await page.getByRole("link", { name: "Play it on the simulated phones" }).click();
  const rosa = handset(page, "+34 611 000 001 · WhatsApp");
  const ahmed = handset(page, "+1 555 020 0001 · SMS");
  await rosa.getByLabel("Reply as this person").fill("Hola, I am at the door");
  await rosa.getByRole("button", { name: "Send" }).click();
  await expect(ahmed.getByRole("listitem").filter({ hasText: "Hola, I am at the door" })).toBeVisible();
  await ahmed.getByLabel("Reply as this person").fill("Coming down now");
  await ahmed.getByRole("button", { name: "Send" }).click();
  await expect(rosa.getByRole("listitem").filter({ hasText: "Coming down now" })).toBeVisible();
  await screenshot(page, "phones");
  await expectAccessible(page);
});

test("a pair already in a conversation is caught before Pair and resolved with the free number", async ({ page }) => {
  await page.goto("/pairings/new");
  const first = page.getByRole("group", { name: "First person" });
  await first.getByLabel("Name").fill("Maria");
  await first.getByLabel("Phone number").fill("+34 600 000 002");
  await first.getByLabel("Our number for them").selectOption("whatsapp:+15550108001");
  const second = page.getByRole("group", { name: "Second person" });
  await second.getByLabel("Name").fill("Carla");
  await second.getByLabel("Phone number").fill("+1 555 020 0009");
  const conflict = first.getByRole("alert");
  await expect(conflict).toContainText('already talks through this number in "Order 8813');
  await expect(page.getByRole("button", { name: "Pair", exact: true })).toBeDisabled();
  await conflict.getByRole("button", { name: "Use +1 555 010 8002 instead" }).click();
  await expect(conflict).toHaveCount(0);
  await expect(page.getByText("Ready: both people can be paired as shown.")).toBeVisible();
  await page.getByRole("button", { name: "Pair", exact: true }).click();
  await expect(page).toHaveURL(/\/conversations\/CH/);
  await expect(page.getByRole("list", { name: "How the two people are connected" })).toContainText("+1 555 010 8002");
});

test("a template preview flags a broken rule, then the template is sent and shows on the phone", async ({ page }) => {
  await page.goto("/templates");
  await expect(page.locator("tr", { hasText: "weekend_discount" })).toContainText("rejected by WhatsApp");
  await page.locator("#preview-template").selectOption({ label: "delivery_rider_needs_help (approved)" });
  await page.getByLabel("{{1}}").fill("Maria");
  await expect(page.getByRole("alert")).toContainText("Fill in {{2}}.");
  await page.getByLabel("{{2}}").fill("Bruno       here");
  await expect(page.getByRole("alert")).toContainText("more than 4 spaces in a row");
  await page.getByLabel("{{2}}").fill("Bruno");
  await expect(page.getByText("Every rule is met")).toBeVisible();
  await expect(page.locator(".phone-preview")).toContainText("Hello Maria, your food delivery is almost there but Bruno (your rider)");
  await screenshot(page, "templates");
  await expectAccessible(page);

  await openConversation(page, "Order 8813");
  await page.getByLabel("Send as").selectOption({ label: "+1 555 010 0002 · WhatsApp" });
  await page.getByRole("radio", { name: "Template" }).check();
  await page.locator("#send-template").selectOption({ label: "delivery_rider_needs_help (approved)" });
  await page.locator("#send-value-1").fill("Maria");
  await page.locator("#send-value-2").fill("Bruno");
  await page.getByRole("button", { name: "Send", exact: true }).click();
  await expect(page.locator(".toast", { hasText: "Sent." })).toBeVisible();
  await page.getByRole("link", { name: "Play it on the simulated phones" }).click();
  await expect(handset(page, "+34 600 000 002 · WhatsApp")).toContainText("Hello Maria, your food delivery is almost there");
});

test.describe(() => {
  test.use({ expectedRefusals: [/^\/api\/v1\/conversations\/CH[0-9a-f]+\/messages$/] });

  test("a free-form message outside the WhatsApp window is refused with the sentence", async ({ page }) => {
    await openConversation(page, "Viewing 14 Elm St");
    await page.getByRole("textbox", { name: "Message" }).fill("Are you still interested?");
    await page.getByRole("button", { name: "Send", exact: true }).click();
    await expect(page.locator(".toast-failed")).toContainText("has not written on WhatsApp in the last 24 hours");
  });
});

test("a scoped webhook is registered with its events and deleted after a confirmation", async ({ page }) => {
  await openConversation(page, "Order 8812");
  await expect(page.getByText("5 more can be added here")).toBeVisible();
  await page.getByLabel("URL").fill("https://hooks.example.com/order-8812");
  await page.getByLabel("when someone joins").check();
  await page.getByRole("button", { name: "Add a webhook" }).click();
  const hook = page.locator(".webhook", { hasText: "https://hooks.example.com/order-8812" });
  await expect(hook).toContainText("onMessageAdded, onParticipantAdded");
  await expect(page.getByText("4 more can be added here")).toBeVisible();
  await hook.getByRole("button", { name: "Edit" }).click();
  await hook.getByLabel("URL").fill("https://hooks.example.com/order-8812-v2");
  await hook.getByLabel("when someone joins").uncheck();
  await hook.getByRole("button", { name: "Save webhook" }).click();
  await expect(page.locator(".toast", { hasText: "The webhook was changed." })).toBeVisible();
  const edited = page.locator(".webhook", { hasText: "https://hooks.example.com/order-8812-v2" });
  await expect(edited.locator(".hint")).toHaveText("onMessageAdded");
  await expect(page.getByText("4 more can be added here")).toBeVisible();
  await edited.getByRole("button", { name: "Delete webhook" }).click();
  await expect(page.getByRole("dialog")).toContainText("https://hooks.example.com/order-8812-v2 will no longer be told");
  await confirm(page, "Delete webhook");
  await expect(edited).toHaveCount(0);
  await expect(page.getByText("No webhook is registered")).toBeVisible();
});

test("the two-sided WhatsApp opt-in connects the rider once the customer answers on the phone", async ({ page }) => {
  await pair(
    page,
    { name: "Robin", channel: "WhatsApp", number: "+34 622 000 001" },
    { name: "Lena", channel: "WhatsApp", number: "+1 555 030 0001" },
  );
  await page.locator("summary", { hasText: "Invite with templates" }).click();
  await page.getByLabel("Customer (gets the invitation)").selectOption({ label: "Robin · WhatsApp" });
  await page.locator("#invite-template").selectOption({ label: "delivery_rider_needs_help (approved)" });
  await page.locator("#invite-value-1").fill("Robin");
  await page.locator("#invite-value-2").fill("Lena");
  await page.locator("#connect-template").selectOption({ label: "delivery_customer_connected (approved)" });
  await page.getByRole("button", { name: "Invite with templates" }).click();
  await expect(page.getByText("Waiting for the customer's answer")).toBeVisible();
  await page.getByRole("link", { name: "Play it on the simulated phones" }).click();
  const robin = handset(page, "+34 622 000 001 · WhatsApp");
  const lena = handset(page, "+1 555 030 0001 · WhatsApp");
  await expect(robin).toContainText("Hello Robin, your food delivery is almost there but Lena");
  await robin.getByLabel("Reply as this person").fill("Yes, happy to chat");
  await robin.getByRole("button", { name: "Send" }).click();
  await expect(robin).toContainText("Great! Just a moment while we connect you");
  await expect(lena).toContainText("Your customer has agreed to chat over WhatsApp");
  // The greeting went out in Lena's name, but only her own message opens her WhatsApp window.
  const phones = page.url();
  const row = page.locator("tr", { hasText: "Robin ⇄ Lena" });
  await page.goto("/conversations?q=Robin");
  await expect(row).toContainText("Lena · WhatsApp · has not written yet: template only");
  await expect(row).toContainText("Robin · WhatsApp · window open");
  await page.goto(phones);
  await lena.getByLabel("Reply as this person").fill("Hi Robin, two minutes away");
  await lena.getByRole("button", { name: "Send" }).click();
  await expect(robin).toContainText("Hi Robin, two minutes away");
  await page.goto("/conversations?q=Robin");
  await expect(row).toContainText("Lena · WhatsApp · window open");
});

test("a side is re-assigned after a confirmation that names who leaves", async ({ page }) => {
  await pair(
    page,
    { name: "Omar", channel: "WhatsApp", number: "+34 633 000 001" },
    { name: "Alicia", channel: "SMS", number: "+1 555 040 0001" },
  );
  await page.getByLabel("Replace").selectOption({ label: "Alicia · SMS" });
  await page.locator("#reassign-name").fill("Bruno");
  await page.locator("#reassign-number").fill("+1 555 040 0002");
  await page.getByRole("button", { name: "Re-assign", exact: true }).click();
  await expect(page.getByRole("dialog")).toContainText("Alicia leaves this conversation");
  await confirm(page, "Re-assign");
  await expect(page.locator(".toast", { hasText: "The side was re-assigned; the history is kept." })).toBeVisible();
  const route = page.getByRole("list", { name: "How the two people are connected" });
  await expect(route).toContainText("Bruno");

  // The same person moves to the other SMS business number, keeping the history.
  const other = (await route.textContent())?.includes("+1 555 010 9001") ? "+1 555 010 9002" : "+1 555 010 9001";
  await page.getByLabel("Replace").selectOption({ label: "Bruno · SMS" });
  await page.locator("#reassign-name").fill("Bruno");
  await page.locator("#reassign-number").fill("+1 555 040 0002");
  await page.locator("#reassign-proxy").selectOption({ label: other });
  await page.getByRole("button", { name: "Re-assign", exact: true }).click();
  await confirm(page, "Re-assign");
  await expect(route).toContainText(other);
});

test("a conversation is closed and deleted, each after naming what will be lost", async ({ page }) => {
  await pair(
    page,
    { name: "Ines", channel: "WhatsApp", number: "+34 644 000 001" },
    { name: "Tom", channel: "SMS", number: "+1 555 050 0001" },
  );
  await page.getByRole("button", { name: "End now" }).click();
  await expect(page.getByRole("dialog")).toContainText("Ines and Tom will no longer be able to write");
  await confirm(page, "End now");
  await expect(page.locator(".page-head .state")).toHaveText("Closed");
  await page.getByRole("button", { name: "Delete conversation" }).click();
  await expect(page.getByRole("dialog")).toContainText("deleted for good");
  await confirm(page, "Delete for good");
  await expect(page).toHaveURL(/\/conversations$/);
  await expect(page.locator("tr", { hasText: "Ines ⇄ Tom" })).toHaveCount(0);
});

async function openConversation(page: import("@playwright/test").Page, name: string) {
  await page.goto(`/conversations?q=${encodeURIComponent(name)}`);
  await page.getByRole("link", { name: new RegExp(name) }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(name);
}
