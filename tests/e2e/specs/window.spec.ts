// The WhatsApp window tells the truth: a message sent in the customer's name leaves it closed, the
// send box says per person whether free-form text will be delivered and offers the template when
// it will not, and sending anyway fails as it said; once the customer writes from the phone it opens.
import * as fs from "node:fs";
import { expect, test } from "./fixtures";
import { signIn } from "./accounts";
import { expectAccessible, handset, pair } from "./operator";

test.beforeEach(async ({ page }) => {
  await signIn(page);
});

test.describe("a free-form text the page warned about", () => {
  test.use({ expectedRefusals: [/^\/api\/v1\/conversations\/CH[0-9a-f]+\/messages$/] });

  test("a message sent as the customer leaves their window closed until they write from the phone", async ({ page }) => {
    await pair(
      page,
      { name: "Nadia", channel: "WhatsApp", number: "+34 666 300 001" },
      { name: "Theo", channel: "SMS", number: "+1 555 080 0001" },
    );
    const conversation = page.url();
    const recipients = page.getByRole("list", { name: "Who receives it" });
    await expect(recipients).toContainText("Nadia · WhatsApp has not written yet: start with a template.");
    await expect(recipients).toContainText("Theo · SMS will receive it.");

    await page.getByLabel("Send as").selectOption({ label: "Nadia · WhatsApp" });
    await expect(recipients).not.toContainText("Nadia");
    await page.getByRole("textbox", { name: "Message" }).fill("Is it far?");
    await page.getByRole("button", { name: "Send", exact: true }).click();
    await expect(page.locator(".toast", { hasText: "Sent." }).last()).toBeVisible();

    await page.getByLabel("Send as").selectOption({ label: "The business" });
    await expect(recipients).toContainText("Nadia · WhatsApp has not written yet: start with a template.");
    await expectAccessible(page);
    await page.getByRole("textbox", { name: "Message" }).fill("Two more minutes");
    await page.getByRole("button", { name: "Send", exact: true }).click();
    await expect(page.locator(".toast", { hasText: "Nadia has not written on WhatsApp yet" }).last()).toBeVisible();
    await recipients.getByRole("button", { name: "Use a template" }).click();
    await expect(page.getByRole("radio", { name: "Template" })).toBeChecked();

    await page.getByRole("link", { name: "Play it on the simulated phones" }).click();
    const nadia = handset(page, "+34 666 300 001 · WhatsApp");
    await nadia.getByLabel("Reply as this person").fill("Where are you?");
    await nadia.getByRole("button", { name: "Send" }).click();
    await expect(handset(page, "+1 555 080 0001 · SMS")).toContainText("Where are you?");
    await page.goto(conversation);
    await expect(recipients).toContainText(/Nadia · WhatsApp will receive it: their WhatsApp window is open until/);
    await page.getByRole("textbox", { name: "Message" }).fill("Two more minutes");
    await page.getByRole("button", { name: "Send", exact: true }).click();
    const sent = page.locator("ol.timeline li.message").filter({ hasText: "Two more minutes" });
    await expect(sent).toContainText("Delivered");
    await expect(sent).toContainText("sent by first.admin");

    // The transcript holds every message with each recipient's outcome.
    const [json] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Export as JSON" }).click()]);
    const transcript = JSON.parse(fs.readFileSync(await json.path(), "utf8"));
    const bodies = transcript.messages.map((m: { body: string }) => m.body);
    expect(bodies).toEqual(["Is it far?", "Where are you?", "Two more minutes"]);
    const outcomes = transcript.messages.map((m: { deliveries: { status: string }[] }) => m.deliveries.map((d) => d.status));
    expect(outcomes).toEqual([["delivered"], ["delivered"], ["delivered", "delivered"]]);
    const [csv] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Export as CSV" }).click()]);
    expect(csv.suggestedFilename()).toMatch(/^transcript-CH[0-9a-f]{32}\.csv$/);
    const lines = fs.readFileSync(await csv.path(), "utf8").trim().split("\n");
    expect(lines[0]).toBe("message_index,message_sid,sent_at,author,author_name,sent_by,body,template_sid,recipient_sid,recipient,recipient_name,status,error_code,reason");
    expect(lines).toHaveLength(5);
    const toNadia = lines.filter((line) => line.includes(",first.admin,Two more minutes,") && line.includes(",whatsapp:+34666300001,Nadia,"));
    expect(toNadia).toHaveLength(1);
    expect(toNadia[0]).toMatch(/,delivered,,$/);
  });
});
