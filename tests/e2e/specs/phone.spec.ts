// At phone width (360×740) every main page fits with no horizontal scroll and passes axe; the
// header's links fold into a Menu button that opens and closes by keyboard; the list's search
// field takes the whole width.
import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { signIn } from "./accounts";
import { expectAccessible, screenshot } from "./operator";

test.use({ viewport: { width: 360, height: 740 } });

test.beforeEach(async ({ page }) => {
  await signIn(page);
});

/** The page is no wider than the screen: nothing to scroll sideways. */
async function expectNoSidewaysScroll(page: Page, what: string) {
  const { scroll, width } = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    width: window.innerWidth,
  }));
  expect(scroll, `${what}: the page's width against the screen's`).toBeLessThanOrEqual(width);
}

test("every main page fits a phone's width and passes the accessibility check", async ({ page }) => {
  await page.goto("/conversations");
  const first = page.locator("table.conversations tbody tr").first();
  await expect(first).toBeVisible();
  const sid = await first.getAttribute("data-sid");
  const pages: [string, string][] = [
    ["/conversations", "conversations"],
    [`/conversations/${sid}`, "conversation"],
    ["/pairings/new", "new-pairing"],
    ["/pairings/import", "import"],
    ["/templates", "templates"],
    ["/phones", "phones"],
    ["/attention", "attention"],
    ["/audit", "audit"],
    ["/users", "users"],
    ["/settings/events", "account-events"],
  ];
  for (const [path, name] of pages) {
    await page.goto(path);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await expect(page.locator(".loading")).toHaveCount(0);
    await expectNoSidewaysScroll(page, path);
    await screenshot(page, `phone-${name}`);
    await expectAccessible(page);
  }
});

test("the header's links sit behind a Menu button that opens and closes by keyboard", async ({ page }) => {
  await page.goto("/conversations");
  const menu = page.getByRole("button", { name: "Menu" });
  const templates = page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Templates" });
  await expect(menu).toHaveAttribute("aria-expanded", "false");
  await expect(templates).toBeHidden();

  await menu.focus();
  await page.keyboard.press("Enter");
  await expect(menu).toHaveAttribute("aria-expanded", "true");
  await expect(templates).toBeVisible();
  await expectNoSidewaysScroll(page, "the open menu");
  await expectAccessible(page);
  await page.keyboard.press("Escape");
  await expect(menu).toHaveAttribute("aria-expanded", "false");
  await expect(templates).toBeHidden();
  await expect(menu).toBeFocused();

  // Open again with Space, then Tab to a link and follow it: the menu closes on the new page.
  await page.keyboard.press("Space");
  await expect(templates).toBeVisible();
  await page.keyboard.press("Tab");
  await page.keyboard.press("Tab");
  await expect(page.getByRole("link", { name: /Needs attention/ })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/attention$/);
  await expect(menu).toHaveAttribute("aria-expanded", "false");
  await expect(templates).toBeHidden();
});

test("the list's search field takes the whole width of a phone", async ({ page }) => {
  await page.goto("/conversations");
  const search = page.getByRole("searchbox").first();
  await expect(search).toBeVisible();
  const main = await page.locator("main").boundingBox();
  const field = await search.boundingBox();
  // The main column less its padding on both sides.
  expect(field!.width).toBeGreaterThanOrEqual(main!.width - 2 * 16 - 1);
});
