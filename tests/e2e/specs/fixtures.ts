import { test as base, expect } from "@playwright/test";

// Every journey also proves the page logged no error and threw nothing. Chromium logs every 4xx
// answer as a console error; a journey that proves a refusal reaches the operator as a sentence names
// the API paths it expects refused with `test.use({ expectedRefusals: [...] })`, in its own describe.
// A journey that makes the page fail on purpose names the other errors it expects with
// `expectedErrors`.
export const test = base.extend<{
  expectedRefusals: RegExp[];
  expectedErrors: RegExp[];
  consoleErrors: string[];
}>({
  expectedRefusals: [[], { option: true }],
  expectedErrors: [[], { option: true }],
  consoleErrors: [
    async ({ page, expectedRefusals, expectedErrors }, use) => {
      const errors: string[] = [];
      page.on("console", (message) => {
        const url = message.location().url;
        const expected =
          expectedRefusal(message.text(), url, expectedRefusals) ||
          expectedErrors.some((pattern) => pattern.test(message.text()));
        if (message.type() === "error" && !expected) {
          errors.push(message.text());
        }
      });
      page.on("pageerror", (error) => errors.push(error.message));
      await use(errors);
      expect(errors, "console errors").toEqual([]);
    },
    { auto: true },
  ],
});

// "Nobody is signed in" from the session probe, and refused sign-ins and setups, are expected on every
// page; anything else only where the journey says so.
export function expectedRefusal(text: string, url: string, expected: RegExp[] = []): boolean {
  const refused = /the server responded with a status of 4\d\d/.test(text);
  const path = new URL(url, "http://localhost").pathname;
  return refused && (/^\/api\/v1\/(session|setup)$/.test(path) || expected.some((pattern) => pattern.test(path)));
}

export { expect };
