import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";

/** No axe violation on the page as it stands. */
export async function expectAccessible(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  const found = results.violations.map((v) => `${v.id}: ${v.help} at ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  expect(found).toEqual([]);
}

/** A screenshot of a main page, kept with the run's artifacts. */
export async function screenshot(page: Page, name: string) {
  await page.screenshot({ path: `test-results/pages/${name}.png`, fullPage: true });
}

export type Side = { name: string; channel: "WhatsApp" | "SMS"; number: string; proxy?: string };

/** Fills one card of the pairing board. */
export async function fillSide(page: Page, legend: "First person" | "Second person", side: Side) {
  const card = page.getByRole("group", { name: legend });
  await card.getByLabel("Name").fill(side.name);
  await card.getByRole("button", { name: side.channel, exact: true }).click();
  await card.getByLabel("Phone number").fill(side.number);
  if (side.proxy) await card.getByLabel("Our number for them").selectOption(side.proxy);
}

/** Pairs two people through the board and lands on the new conversation. */
export async function pair(page: Page, first: Side, second: Side) {
  await page.goto("/pairings/new");
  await fillSide(page, "First person", first);
  await fillSide(page, "Second person", second);
  await expect(page.getByText("Ready: both people can be paired as shown.")).toBeVisible();
  await page.getByRole("button", { name: "Pair", exact: true }).click();
  await expect(page).toHaveURL(/\/conversations\/CH[0-9a-f]{32}$/);
  await expect(page.getByRole("list", { name: "How the two people are connected" })).toContainText(first.name);
}

/** The simulated handset of `address` on the phones page. */
export function handset(page: Page, label: string) {
  return page.getByRole("region", { name: label });
}

/** Confirms the dialog a destructive button opened. */
export async function confirm(page: Page, action: string) {
  const dialog = page.getByRole("dialog");
  await expect(dialog).toBeVisible();
  await dialog.getByRole("button", { name: action }).click();
}

/** A change through the server's API as the signed-in person, with their CSRF token. */
async function postAsSignedIn(page: Page, path: string, data: object) {
  const session = await (await page.request.get("/api/v1/session")).json();
  const answer = await page.request.post(path, {
    data,
    headers: { "X-CSRF-Token": session.csrf_token, Origin: new URL(page.url()).origin },
  });
  expect(answer.ok(), await answer.text()).toBe(true);
}

/** Moves the sandbox's clock on by an ISO 8601 duration, as an admin; its timers fall due. */
export async function advanceSandboxClock(page: Page, by: string) {
  await postAsSignedIn(page, "/api/v1/sandbox/controls/clock", { advance: by });
}

/** Makes the sandbox's handset at `address` unreachable for its next `count` messages (30003). */
export async function makeUnreachable(page: Page, address: string, count: number) {
  await postAsSignedIn(page, "/api/v1/sandbox/controls/faults", { path: address, type: "unreachable", count });
}

/** Gives the sandbox's account another business number (test controls). */
export async function addBusinessNumber(page: Page, address: string) {
  await postAsSignedIn(page, "/api/v1/sandbox/controls/numbers", { address });
}
