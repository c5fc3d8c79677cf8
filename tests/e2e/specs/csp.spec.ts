import { expect, test } from "@playwright/test";
import { expectedRefusal } from "./fixtures";

// The journeys prove the UI works under the server's CSP because their fixture fails on any console
// error. This proves that a CSP violation is such an error, and not one the fixture forgives.
test("a script the CSP refuses is a console error the journeys' fixture would count", async ({ page }) => {
  const errors: { text: string; url: string }[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") errors.push({ text: message.text(), url: message.location().url });
  });
  const response = await page.goto("/");
  expect(response?.headers()["content-security-policy"]).toContain("'wasm-unsafe-eval'");
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();

  const ran = await page.evaluate(() => {
    const script = document.createElement("script");
    script.textContent = "window.injectedScriptRan = true;";
    document.body.append(script);
    return (window as unknown as { injectedScriptRan?: boolean }).injectedScriptRan === true;
  });
  expect(ran).toBe(false);
  await expect.poll(() => errors.filter((e) => e.text.includes("Content Security Policy")).length).toBeGreaterThan(0);
  const violation = errors.find((e) => e.text.includes("Content Security Policy"))!;
  expect(expectedRefusal(violation.text, violation.url)).toBe(false);
});
