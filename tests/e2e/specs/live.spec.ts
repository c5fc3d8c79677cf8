// Two operators in two browsers: what one person's handset writes reaches the other operator's open
// conversation page, list row and phones page with no click and no reload, through the server's
// events (the phones no longer poll).
import type { Browser, Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { PASSWORD, signIn } from "./accounts";
import { handset, pair } from "./operator";

const SECOND = "otto.operator";
// A live update must arrive well before anything could re-read on a timer.
const LIVE = { timeout: 5_000 };

async function addOperator(page: Page) {
  await page.goto("/users");
  const form = page.getByRole("form", { name: "Add a user" });
  await form.getByLabel("Username").fill(SECOND);
  await form.getByLabel("Password").fill(PASSWORD);
  await form.getByLabel("Role").selectOption("operator");
  await form.getByRole("button", { name: "Add a user" }).click();
  await expect(page.getByRole("status").filter({ hasText: `${SECOND} was added` })).toBeVisible();
}

/** A page of its own browser (no cookie shared with `page`), signed in as the second operator. */
async function secondOperator(browser: Browser) {
  const context = await browser.newContext();
  const first = await context.newPage();
  await signIn(first, SECOND);
  return { context, first };
}

test("a handset's message shows on another operator's open conversation, list and phones with no click", async ({ page, browser }) => {
  await signIn(page);
  await addOperator(page);
  await pair(
    page,
    { name: "Nora", channel: "WhatsApp", number: "+34 655 100 001" },
    { name: "Sam", channel: "SMS", number: "+1 555 060 0001" },
  );
  const conversation = new URL(page.url()).pathname;
  const sid = conversation.split("/").pop()!;

  const { context, first: watched } = await secondOperator(browser);
  // The fixture watches `page`; the second browser's pages must be as clean.
  const errors: string[] = [];
  context.on("weberror", (error) => errors.push(error.error().message));
  context.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  try {
    // The other operator's open conversation, with a reply half typed.
    await watched.goto(conversation);
    await expect(watched.getByRole("heading", { level: 1 })).toHaveText("Nora ⇄ Sam");
    await watched.getByRole("textbox", { name: "Message" }).fill("Half-typed reply");
    // …their list, narrowed to this conversation…
    const list = await context.newPage();
    await list.goto(`/conversations?q=${encodeURIComponent("Nora")}`);
    const row = list.locator(`tr[data-sid="${sid}"]`);
    await expect(row).toBeVisible();
    await expect(row).not.toContainText("Ring twice, please");
    // …and their phones, both handsets open.
    const phones = await context.newPage();
    await phones.goto(conversation);
    await phones.getByRole("link", { name: "Play it on the simulated phones" }).click();
    const samThere = handset(phones, "+1 555 060 0001 · SMS");
    await expect(samThere).toBeVisible();
    await expect(samThere).not.toContainText("Ring twice, please");

    // Nora writes from her handset, in the first operator's browser.
    await page.getByRole("link", { name: "Play it on the simulated phones" }).click();
    const nora = handset(page, "+34 655 100 001 · WhatsApp");
    await nora.getByLabel("Reply as this person").fill("Ring twice, please");
    await nora.getByRole("button", { name: "Send" }).click();

    await expect(watched.locator("ol.timeline li.message").last()).toContainText("Ring twice, please", LIVE);
    await expect(watched.locator("ol.timeline li.message").last()).toContainText("Nora · WhatsApp");
    await expect(watched.getByRole("textbox", { name: "Message" })).toHaveValue("Half-typed reply");
    await expect(samThere.getByRole("listitem").filter({ hasText: "Ring twice, please" })).toBeVisible(LIVE);
    await expect(row.locator(".preview")).toHaveText("Nora · WhatsApp: Ring twice, please", LIVE);

    expect(errors).toEqual([]);
  } finally {
    await context.close();
  }
});
