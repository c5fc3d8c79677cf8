// The admin pages pass the accessibility check; closing a conversation frees its number pairs.
import { expect, test } from "./fixtures";
import { signIn } from "./accounts";
import { confirm, expectAccessible, pair, screenshot } from "./operator";

test.beforeEach(async ({ page }) => {
  await signIn(page);
});

test("the users and audit pages pass the accessibility check", async ({ page }) => {
  for (const [path, heading, name] of [
    ["/users", "Users", "users"],
    ["/audit", "Audit log", "audit"],
  ]) {
    await page.goto(path);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(heading);
    await expect(page.locator("table tbody tr").first()).toBeVisible();
    await screenshot(page, name);
    await expectAccessible(page);
  }
});

test("closing a conversation frees its number pairs for the same two people", async ({ page }) => {
  await pair(
    page,
    { name: "Uma", channel: "WhatsApp", number: "+34 655 000 001" },
    { name: "Vic", channel: "SMS", number: "+1 555 070 0001" },
  );
  const session = await (await page.request.get("/api/v1/session")).json();
  const sid = page.url().split("/").pop();
  const detail = await (await page.request.get(`/api/v1/conversations/${sid}`)).json();
  const side = (p: { name: string; channel: string; address: string; proxy_address: string }) => ({
    name: p.name,
    channel: p.channel,
    number: p.address.replace("whatsapp:", ""),
    proxy: p.proxy_address,
  });
  const again = {
    friendly_name: "Uma ⇄ Vic again",
    reference: null,
    sides: detail.conversation.participants.map(side),
  };
  const check = async () =>
    (
      await page.request.post("/api/v1/pairings/check", {
        data: again,
        headers: { "X-CSRF-Token": session.csrf_token, Origin: new URL(page.url()).origin },
      })
    ).json();
  expect((await check()).ready).toBe(false);

  await page.getByRole("button", { name: "End now" }).click();
  await confirm(page, "End now");
  await expect(page.locator(".page-head .state")).toHaveText("Closed");
  const freed = await check();
  expect(freed.ready).toBe(true);
  expect(freed.sides.map((s: { proxy: string }) => s.proxy)).toEqual(again.sides.map((s) => s.proxy));
});

test("a conversation's messages can be handed to a Studio flow by its SID", async ({ page }) => {
  await page.goto(`/conversations?q=${encodeURIComponent("Order 8813")}`);
  await page.getByRole("link", { name: /Order 8813/ }).click();
  await page.getByLabel("Kind").selectOption({ label: "Hand messages to a Studio flow" });
  await expect(page.getByLabel("URL")).toHaveCount(0);
  const flow = "FW0123456789abcdef0123456789abcdef";
  await page.getByLabel("Studio flow SID (FW…)").fill(flow);
  await page.getByRole("button", { name: "Add a webhook" }).click();
  const hook = page.locator(".webhook", { hasText: flow });
  await expect(hook).toBeVisible();
  await hook.getByRole("button", { name: "Delete webhook" }).click();
  await confirm(page, "Delete webhook");
  await expect(hook).toHaveCount(0);
});
