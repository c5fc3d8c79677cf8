import { expect, test } from "./fixtures";
import { ADMIN, PASSWORD, SETUP_TOKEN, signIn, signOut } from "./accounts";
import { expectAccessible, screenshot } from "./operator";

test("on first start the printed setup link creates the first admin, who can then sign in", async ({ page }) => {
  await page.goto("/conversations");
  await expect(page).toHaveURL(/\/sign-in\?next=%2Fconversations$/);
  await expect(page.getByText("No account exists yet.")).toBeVisible();
  await screenshot(page, "sign-in");
  await expectAccessible(page);

  await page.goto(`/setup?token=${SETUP_TOKEN}`);
  await expect(page.getByLabel("Choose a password")).toBeVisible();
  await screenshot(page, "setup");
  await expectAccessible(page);
  await page.getByLabel("Username").fill(ADMIN);
  await page.getByLabel("Choose a password").fill(PASSWORD);
  await page.getByLabel("Type the password again").fill(PASSWORD);
  await page.getByRole("button", { name: "Create admin and sign in" }).click();
  await expect(page).toHaveURL(/\/conversations$/);
  await expect(page.locator("table.conversations tbody tr")).toHaveCount(4);
  await expect(page.locator(".account")).toContainText(ADMIN);

  await signOut(page);
  await signIn(page);
  await expect(page).toHaveURL(/\/conversations$/);
  await expect(page.getByRole("link", { name: "Users" })).toBeVisible();
});

test("the setup link works only once", async ({ page }) => {
  await page.goto(`/setup?token=${SETUP_TOKEN}`);
  await page.getByLabel("Username").fill("second.admin");
  await page.getByLabel("Choose a password").fill(PASSWORD);
  await page.getByLabel("Type the password again").fill(PASSWORD);
  await page.getByRole("button", { name: "Create admin and sign in" }).click();
  await expect(page.getByRole("alert")).toContainText("Setup is already done");
});
