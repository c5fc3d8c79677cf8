// The app's code arrives by page: the first page (sign-in → conversations) fetches only its own
// module; pointing at or focusing a link fetches that page's module before the click; a module that
// cannot be fetched leaves the app running and says so; and on a slow network a journey through
// every page meets no missing module and no error.
import type { Page, Request } from "@playwright/test";
import { expect, test } from "./fixtures";
import { signIn } from "./accounts";

/** The wasm modules the page fetches, by file name, as they are asked for. */
function watchModules(page: Page): string[] {
  const modules: string[] = [];
  page.on("request", (request: Request) => {
    const path = new URL(request.url()).pathname;
    if (path.endsWith(".wasm")) modules.push(path.split("/").pop()!);
  });
  return modules;
}

const nav = (page: Page) => page.getByRole("navigation", { name: "Main" });

test("the first page fetches only its own code, and pointing at a link fetches that page's", async ({ page }) => {
  const modules = watchModules(page);
  await signIn(page);
  await expect(page.locator("table.conversations tbody tr").first()).toBeVisible();
  expect(modules).toEqual(["switchboard-ui_bg.wasm"]);

  const templates = page.waitForRequest((r) => r.url().endsWith("/split_tools.wasm"));
  await nav(page).getByRole("link", { name: "Templates" }).hover();
  await templates;
  expect(page.url()).toMatch(/\/conversations$/);

  const audit = page.waitForRequest((r) => r.url().endsWith("/split_admin.wasm"));
  await nav(page).getByRole("link", { name: "Audit log" }).focus();
  await audit;

  await nav(page).getByRole("link", { name: "Templates" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Templates");
  expect(modules.filter((m) => m === "split_tools.wasm")).toHaveLength(1);
});

test.describe("a page whose code cannot be fetched", () => {
  test.use({
    expectedRefusals: [/\/split_tools\.wasm$/],
    expectedErrors: [/HTTP status code is not ok/],
  });

  test("says so, keeps the app running, and loads once the code can be fetched", async ({ page }) => {
    await signIn(page);
    await page.route("**/split_tools.wasm", (route) => route.fulfill({ status: 404, body: "gone" }));
    await nav(page).getByRole("link", { name: "Templates" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("This page could not be loaded");
    await expect(page.getByRole("button", { name: "Reload" })).toBeVisible();

    await nav(page).getByRole("link", { name: "Conversations" }).click();
    await expect(page.locator("table.conversations tbody tr").first()).toBeVisible();
    await page.unroute("**/split_tools.wasm");
    await nav(page).getByRole("link", { name: "Templates" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Templates");
  });
});

test("on a slow network a journey through every page meets no missing code and no error", async ({ page }) => {
  test.setTimeout(180_000);
  const failed: string[] = [];
  page.on("response", (response) => {
    if (response.url().includes("/app-") && response.status() !== 200) failed.push(response.url());
  });
  page.on("requestfailed", (request) => {
    if (request.url().includes("/app-")) failed.push(request.url());
  });
  // Chromium's "Fast 3G": 562 ms round trips, 1.6 Mbit/s down, 750 kbit/s up.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Network.emulateNetworkConditions", {
    offline: false,
    latency: 562.5,
    downloadThroughput: (1.6 * 1024 * 1024) / 8,
    uploadThroughput: (750 * 1024) / 8,
  });
  const modules = watchModules(page);
  await signIn(page);
  const row = page.locator("table.conversations tbody tr").first();
  await expect(row).toBeVisible({ timeout: 60_000 });

  const shown = async (heading: string | RegExp) => {
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(heading, { timeout: 60_000 });
    await expect(page.locator("main .loading")).toHaveCount(0, { timeout: 60_000 });
    await expect(page.getByText("This page could not be loaded")).toHaveCount(0);
  };
  await row.getByRole("link").first().click();
  // While the page's code is on its way the bar shows and the page is marked busy; the address
  // changes once it is in.
  await expect(page.locator(".route-progress")).toHaveClass(/shown/);
  await expect(page.locator("main")).toHaveAttribute("aria-busy", "true");
  await expect(page).toHaveURL(/\/conversations\/CH/, { timeout: 60_000 });
  await shown(/.+/);
  for (const [link, heading] of <[string | RegExp, string][]>[
    ["New pairing", "New pairing"],
    ["Templates", "Templates"],
    ["Phones", "Simulated phones"],
    [/Needs attention/, "Needs attention"],
    ["Audit log", "Audit log"],
    ["Users", "Users"],
    ["Account events", "Account events"],
    ["Conversations", "Conversations"],
  ]) {
    await nav(page).getByRole("link", { name: link }).click();
    await shown(heading);
  }
  await page.goto("/pairings/new");
  await shown("New pairing");
  await page.getByRole("link", { name: "Import many from a CSV file" }).click();
  await shown("Import pairings");

  expect(failed, "responses for the app's code that failed").toEqual([]);
  for (const module of ["split_conversation.wasm", "split_pairing.wasm", "split_tools.wasm",
    "split_admin.wasm"]) {
    expect(modules, `${module} was fetched`).toContain(module);
  }
});
