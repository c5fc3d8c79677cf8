import { expect, test } from "./fixtures";
import { PASSWORD, signIn, signOut } from "./accounts";

test("a wrong password is refused with a sentence that says what to check", async ({ page }) => {
  await page.goto("/sign-in");
  await page.getByLabel("Username").fill("first.admin");
  await page.getByLabel("Password").fill("not the password at all");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert")).toHaveText("The username or password is wrong. Check both and try again.");
  await expect(page).toHaveURL(/\/sign-in/);
});

test("signing in brings the person back to the page they asked for", async ({ page }) => {
  await page.goto("/audit?actor=first.admin");
  await expect(page).toHaveURL(/\/sign-in\?next=/);
  await signIn(page);
  await expect(page).toHaveURL(/\/audit\?actor=first\.admin$/);
  await expect(page.getByLabel("Person")).toHaveValue("first.admin");
});

test("an admin adds a viewer, who cannot see or open the admin pages", async ({ page }) => {
  await signIn(page);
  await page.getByRole("link", { name: "Users" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Users" })).toBeVisible();
  const form = page.getByRole("form", { name: "Add a user" });
  await form.getByLabel("Username").fill("vera.viewer");
  await form.getByLabel("Password").fill(PASSWORD);
  await form.getByLabel("Role").selectOption("viewer");
  await form.getByRole("button", { name: "Add a user" }).click();
  await expect(page.getByRole("status").filter({ hasText: "vera.viewer was added" })).toBeVisible();
  await expect(page.locator("tr[data-username='vera.viewer']")).toContainText("Allowed");
  await signOut(page);

  await signIn(page, "vera.viewer");
  await expect(page.getByRole("link", { name: "Conversations" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Users" })).toHaveCount(0);
  await page.goto("/users");
  await expect(page.getByRole("alert")).toHaveText("Only admins can open this page. Ask an admin if you need it.");
  await expect(page.locator("table.users")).toHaveCount(0);
  const response = await page.request.get("/api/v1/users");
  expect(response.status()).toBe(403);
});

test("an admin disables an account and its person can no longer sign in", async ({ page }) => {
  await signIn(page);
  await page.goto("/users");
  const row = page.locator("tr[data-username='vera.viewer']");
  await row.getByRole("button", { name: "Disable" }).click();
  await expect(page.getByRole("status").filter({ hasText: "vera.viewer is disabled" })).toBeVisible();
  await expect(page.locator("tr[data-username='vera.viewer']")).toContainText("Disabled");
  await signOut(page);
  await page.getByLabel("Username").fill("vera.viewer");
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert")).toContainText("This account is disabled.");
});

test("sign-out ends the session on the server, not only in the page", async ({ page }) => {
  await signIn(page);
  expect((await page.request.get("/api/v1/session")).status()).toBe(200);
  await signOut(page);
  expect((await page.request.get("/api/v1/session")).status()).toBe(401);
  await page.goto("/conversations");
  await expect(page).toHaveURL(/\/sign-in\?next=%2Fconversations$/);
});

test("the audit log records sign-ins and account changes, filtered by person and action", async ({ page }) => {
  await signIn(page);
  await page.getByRole("link", { name: "Audit log" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Audit log" })).toBeVisible();
  await page.getByLabel("Action").fill("user.create");
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(/\/audit\?action=user\.create$/);
  const rows = page.locator("table.audit tbody tr");
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText("first.admin");
  await expect(rows.first()).toContainText("vera.viewer");
  await expect(rows.first()).toContainText("Done");

  await page.goto("/audit?actor=vera.viewer&action=session.create");
  await expect(page.locator("table.audit tbody tr").filter({ hasText: "Failed" })).toContainText("This account is disabled.");
  await page.goBack();
  await expect(page).toHaveURL(/\/audit\?action=user\.create$/);
});

test("every page is served with a content security policy the app runs under", async ({ page }) => {
  const response = await page.goto("/sign-in");
  const headers = response!.headers();
  expect(headers["content-security-policy"]).toContain("script-src 'self' 'wasm-unsafe-eval' 'sha256-");
  expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["x-frame-options"]).toBe("DENY");
  await signIn(page);
  await expect(page.locator("table.conversations tbody tr")).toHaveCount(4);
});
