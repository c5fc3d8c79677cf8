import { expect, type Page } from "@playwright/test";

// The accounts every journey uses; the first-run journey creates the admin with the setup token the
// server is started with (playwright.config.ts).
export const SETUP_TOKEN = "e2e-setup-token-0123456789abcdef";
export const ADMIN = "first.admin";
export const PASSWORD = "correct horse battery staple";

/** Signs in through the sign-in page, as a person would. */
export async function signIn(page: Page, username = ADMIN, password = PASSWORD) {
  if (!page.url().includes("/sign-in")) await page.goto("/sign-in");
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).not.toHaveURL(/\/sign-in/);
}

export async function signOut(page: Page) {
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
}
