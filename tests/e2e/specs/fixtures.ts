import { test as base, expect } from "@playwright/test";

// Every journey also proves the page logged no error and threw nothing.
export const test = base.extend<{ consoleErrors: string[] }>({
  consoleErrors: [
    async ({ page }, use) => {
      const errors: string[] = [];
      page.on("console", (message) => {
        if (message.type() === "error" && !expectedRefusal(message.text(), message.location().url)) {
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

// Chromium logs every 4xx answer as a console error. These are the refusals the UI expects and turns
// into sentences: "nobody is signed in" from the session probe, and refused sign-ins and setups.
export function expectedRefusal(text: string, url: string): boolean {
  const refused = /the server responded with a status of 4\d\d/.test(text);
  return refused && (/\/api\/v1\/(session|setup)$/.test(url) || refusedOnPurpose(url));
}

export { expect };

// Journeys that prove a refusal reaches the operator as a sentence: a free-form message outside the
// WhatsApp window.
function refusedOnPurpose(url: string): boolean {
  return /\/api\/v1\/conversations\/CH[0-9a-f]+\/messages$/.test(url);
}
