// The dashboard in Spanish, Brazilian Portuguese, French and Arabic: every main page shows none of the
// English catalog's words where the language has its own, passes axe and is kept as a screenshot; Arabic
// reads right to left with numbers left to right; each account keeps its language across sign-outs;
// before sign-in the browser's languages decide; a switch keeps what is typed.
import * as fs from "node:fs";
import * as path from "node:path";
import type { APIRequestContext, Browser, Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { ADMIN, PASSWORD, signIn } from "./accounts";
import { expectAccessible, screenshot } from "./operator";

type Catalog = Record<string, string>;
const LANGUAGES = ["es", "pt-BR", "fr", "ar"];

/** The header's language switch, whatever language the page speaks. */
function languageSwitch(page: Page) {
  return page.getByRole("banner").locator("select.language-picker");
}

/** The catalog's keys in order, read from its source: the server sends texts without their names. */
function catalogKeys(): string[] {
  const source = fs.readFileSync(path.join(__dirname, "../../../crates/catalog/src/keys.rs"), "utf8");
  const list = source.slice(source.indexOf("Messages {") + "Messages {".length, source.lastIndexOf("}\n}"));
  return list.split(",").map((key) => key.trim()).filter((key) => key.length > 0);
}

/** 32-bit FNV-1a over the keys, each followed by a zero byte, as the server computes it. */
function fingerprint(keys: string[]): number {
  let hash = 0x811c9dc5;
  for (const key of keys) {
    for (const byte of [...Buffer.from(key, "utf8"), 0]) hash = Math.imul(hash ^ byte, 0x01000193) >>> 0;
  }
  return hash;
}

/** A language's words by key: the dashboard's, and the server's refusals as `problems.<key>`. */
async function catalog(request: APIRequestContext, tag: string): Promise<Catalog> {
  const answer = await request.get(`/api/v1/languages/${tag}`);
  expect(answer.ok()).toBe(true);
  const sent: { keys: number; texts: string[]; problems: Catalog } = await answer.json();
  const keys = catalogKeys();
  expect(sent.keys, "the texts are in the order of keys.rs").toBe(fingerprint(keys));
  const words: Catalog = Object.fromEntries(keys.map((key, i) => [key, sent.texts[i]]));
  for (const [key, text] of Object.entries(sent.problems)) words[`problems.${key}`] = text;
  return words;
}

/** Creates an admin account for one journey, so no other journey's account changes language. */
async function addAdmin(page: Page, username: string) {
  await signIn(page);
  const session = await (await page.request.get("/api/v1/session")).json();
  const answer = await page.request.post("/api/v1/users", {
    data: { username, password: PASSWORD, role: "admin" },
    headers: { "X-CSRF-Token": session.csrf_token, Origin: new URL(page.url()).origin },
  });
  expect([201, 409]).toContain(answer.status());
  await page.context().clearCookies();
}

/** Signs in through the sign-in page in whatever language it speaks (`words`). */
async function signInAs(page: Page, words: Catalog, username: string) {
  if (!page.url().includes("/sign-in")) await page.goto("/sign-in");
  await page.getByLabel(words.username, { exact: true }).fill(username);
  await page.getByLabel(words.password, { exact: true }).fill(PASSWORD);
  await page.getByRole("button", { name: words.sign_in, exact: true }).click();
  await expect(page).not.toHaveURL(/\/sign-in/);
}

/** The pieces of English that must not show in `words`' language: each text the language words
 * differently, split at its placeholders and plural forms. A piece of four words or more must not show
 * within any text; a shorter one (a label) must not be a whole text. */
function englishPieces(english: Catalog, words: Catalog) {
  const whole = new Set<string>();
  const within = new Set<string>();
  for (const [key, text] of Object.entries(english)) {
    if (words[key] === text) continue;
    for (const piece of text.split(/\[[a-z]+\]|\{[a-z_]+\}/)) {
      const trimmed = piece.trim();
      if (trimmed.length < 2 || words[key].includes(trimmed)) continue;
      if (trimmed.split(/\s+/).length >= 4) within.add(trimmed);
      whole.add(trimmed);
    }
  }
  return { whole, within };
}

/** Every text the person can read or hear on the page: visible text nodes, and the names and hints
 * of elements. */
async function pageTexts(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const texts: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      if (!parent || parent.closest("script, style, template, [hidden]")) continue;
      if (parent.closest("dialog:not([open])")) continue;
      const text = (node.textContent ?? "").replace(/[\u2066-\u2069]/g, "").trim();
      if (text) texts.push(text);
    }
    for (const element of document.body.querySelectorAll("[aria-label], [title], [placeholder]")) {
      for (const name of ["aria-label", "title", "placeholder"]) {
        const value = element.getAttribute(name);
        if (value) texts.push(value.replace(/[\u2066-\u2069]/g, "").trim());
      }
    }
    return texts;
  });
}

async function expectNoEnglish(page: Page, pieces: ReturnType<typeof englishPieces>, where: string) {
  const found = (await pageTexts(page)).filter(
    (text) => pieces.whole.has(text) || [...pieces.within].some((piece) => text.includes(piece)),
  );
  expect(found, `English on ${where}`).toEqual([]);
}

async function mainPages(page: Page): Promise<[string, string][]> {
  await page.goto("/conversations");
  const first = page.locator("table.conversations tbody tr").first();
  await expect(first).toBeVisible();
  const sid = await first.getAttribute("data-sid");
  return [
    ["/conversations", "conversations"],
    [`/conversations/${sid}`, "conversation"],
    ["/pairings/new", "new-pairing"],
    ["/pairings/import", "import"],
    ["/templates", "templates"],
    ["/numbers", "numbers"],
    ["/phones", "phones"],
    ["/attention", "attention"],
    ["/audit", "audit"],
    ["/users", "users"],
    ["/settings", "settings"],
    ["/settings/events", "account-events"],
  ];
}

async function settled(page: Page) {
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expect(page.locator(".loading")).toHaveCount(0);
  await expect(page.locator(".route-progress.shown")).toHaveCount(0);
}

for (const tag of LANGUAGES) {
  test(`every main page in ${tag} shows none of the English words, and passes axe`, async ({ page }) => {
    test.setTimeout(120_000);
    const english = await catalog(page.request, "en");
    const words = await catalog(page.request, tag);
    const pieces = englishPieces(english, words);
    const username = `speaks.${tag.toLowerCase()}`;
    await addAdmin(page, username);
    await signInAs(page, english, username);
    await languageSwitch(page).selectOption(tag);
    await expect(page.locator("html")).toHaveAttribute("lang", tag);

    for (const [path, name] of await mainPages(page)) {
      await page.goto(path);
      await settled(page);
      await expectNoEnglish(page, pieces, `${path} in ${tag}`);
      await screenshot(page, `language-${tag}-${name}`);
      await expectAccessible(page);
    }
  });
}

test("in Arabic the page reads right to left, the navigation sits on the right and numbers read left to right", async ({ page }) => {
  const english = await catalog(page.request, "en");
  await addAdmin(page, "speaks.ar");
  await signInAs(page, english, "speaks.ar");
  await languageSwitch(page).selectOption("ar");
  await page.goto("/conversations");
  await settled(page);
  await expect(page.locator("html")).toHaveAttribute("dir", "rtl");
  expect(await page.evaluate(() => getComputedStyle(document.body).direction)).toBe("rtl");

  const width = page.viewportSize()!.width;
  const brand = (await page.locator("a.brand").boundingBox())!;
  expect(brand.x, "the brand starts the header on the right").toBeGreaterThan(width / 2);
  const nav = (await page.getByRole("navigation").first().boundingBox())!;
  expect(nav.x + nav.width, "the navigation sits right of centre").toBeGreaterThan(width / 2);

  // A phone number inside Arabic text (the conversation's route): its "+" is drawn left of its last digit.
  const sid = await page.locator("table.conversations tbody tr").first().getAttribute("data-sid");
  await page.goto(`/conversations/${sid}`);
  await settled(page);
  const order = await page.evaluate(() => {
    const walker = document.createTreeWalker(document.querySelector("main")!, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent ?? "";
      const match = /\+\d[\d ]{6,}\d/.exec(text);
      if (!match) continue;
      const at = (offset: number) => {
        const range = document.createRange();
        range.setStart(node!, offset);
        range.setEnd(node!, offset + 1);
        return range.getBoundingClientRect().x;
      };
      return { number: match[0], plus: at(match.index), last: at(match.index + match[0].length - 1) };
    }
    return null;
  });
  expect(order, "a phone number shows on the conversation's page").not.toBeNull();
  expect(order!.plus, `${order!.number} reads left to right`).toBeLessThan(order!.last);
});

test("each account keeps its own language across sign-out and sign-in", async ({ page }) => {
  const english = await catalog(page.request, "en");
  const french = await catalog(page.request, "fr");
  await addAdmin(page, "speaks.own");
  await addAdmin(page, "speaks.default");
  await signInAs(page, english, "speaks.own");
  await languageSwitch(page).selectOption("fr");
  await expect(page.getByRole("button", { name: french.sign_out })).toBeVisible();

  await page.getByRole("button", { name: french.sign_out }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(french.sign_in_title);

  // Another account that never chose speaks its browser's language (English here).
  await signInAs(page, french, "speaks.default");
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.getByRole("button", { name: english.sign_out })).toBeVisible();
  await page.getByRole("button", { name: english.sign_out }).click();

  // A new browser, signed in as the first account: French again, from the account.
  await page.context().clearCookies();
  await page.evaluate(() => localStorage.clear());
  await page.goto("/sign-in");
  await signInAs(page, english, "speaks.own");
  await expect(page.locator("html")).toHaveAttribute("lang", "fr");
  await expect(page.getByRole("link", { name: french.nav_conversations, exact: true })).toBeVisible();
});

async function pageIn(browser: Browser, locale: string) {
  const context = await browser.newContext({ locale, baseURL: test.info().project.use.baseURL });
  return { context, page: await context.newPage() };
}

test("before sign-in the browser's languages decide", async ({ browser, page }) => {
  const spanish = await catalog(page.request, "es");
  const arabic = await catalog(page.request, "ar");
  for (const [locale, tag, words] of [["es-MX", "es", spanish], ["ar-EG", "ar", arabic]] as const) {
    const { context, page: fresh } = await pageIn(browser, locale);
    await fresh.goto("/sign-in");
    await expect(fresh.getByRole("heading", { level: 1 })).toHaveText(words.sign_in_title);
    await expect(fresh.locator("html")).toHaveAttribute("lang", tag);
    await context.close();
  }
});

test("switching language keeps what is typed", async ({ page }) => {
  const english = await catalog(page.request, "en");
  const spanish = await catalog(page.request, "es");
  await addAdmin(page, "speaks.switch");
  await signInAs(page, english, "speaks.switch");
  await page.goto("/pairings/new");
  const first = page.getByRole("group", { name: english.first_person });
  await first.getByLabel(english.person_name, { exact: true }).fill("Robert Typed");
  await first.getByLabel(english.phone_number, { exact: true }).fill("+34 600 111 222");
  await languageSwitch(page).selectOption("es");

  const primera = page.getByRole("group", { name: spanish.first_person });
  await expect(primera).toBeVisible();
  await expect(primera.getByLabel(spanish.person_name, { exact: true })).toHaveValue("Robert Typed");
  await expect(primera.getByLabel(spanish.phone_number, { exact: true })).toHaveValue("+34 600 111 222");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(spanish.new_pairing);
  // Back to English for the journeys after this one in this browser.
  await languageSwitch(page).selectOption("en");
  await expect(page.getByRole("group", { name: english.first_person })).toBeVisible();
  expect(ADMIN).not.toBe("speaks.switch");
});

test("the templates page filters by language, and a person's language puts their templates first", async ({ page }) => {
  await addAdmin(page, "speaks.templates");
  await signIn(page, "speaks.templates");
  await page.goto("/templates");
  const rows = page.locator("table.templates tbody tr");
  await expect(rows).toHaveCount(5);
  await page.getByRole("main").getByLabel("Language", { exact: true }).selectOption({ label: "Spanish" });
  await expect(rows.locator("visible=true")).toHaveCount(1);
  await expect(rows.locator("visible=true")).toContainText("delivery_rider_needs_help_es");
  await page.getByRole("main").getByLabel("Language", { exact: true }).selectOption({ label: "Any language" });
  await expect(rows.locator("visible=true")).toHaveCount(5);

  await page.goto("/pairings/new");
  const first = page.getByRole("group", { name: "First person" });
  await first.getByLabel("Name", { exact: true }).fill("Lucía");
  await first.getByRole("button", { name: "WhatsApp", exact: true }).click();
  await first.getByLabel("Phone number").fill("+34 611 900 001");
  await first.getByLabel("Their language").selectOption({ label: "Spanish" });
  const second = page.getByRole("group", { name: "Second person" });
  await second.getByLabel("Name", { exact: true }).fill("Mateo");
  await second.getByRole("button", { name: "SMS", exact: true }).click();
  await second.getByLabel("Phone number").fill("+1 555 010 9901");
  await expect(page.getByText("Ready: both people can be paired as shown.")).toBeVisible();
  await page.getByRole("button", { name: "Pair", exact: true }).click();
  await expect(page).toHaveURL(/\/conversations\/CH[0-9a-f]{32}$/);

  await page.getByRole("radio", { name: "Template" }).check();
  const offered = page.locator("#send-template option");
  await expect(offered.nth(1)).toHaveText("delivery_rider_needs_help_es (approved)");
  // Written as Lucía, the message goes to Mateo, whose language is not known: the order is the account's.
  await page.getByLabel("Send as").selectOption({ label: "Lucía · WhatsApp" });
  await expect(offered.nth(1)).toHaveText("delivery_rider_needs_help (approved)");
});

/** The text of the page's alert, without the marks that isolate values in right-to-left text. */
async function alertText(page: Page) {
  const alert = page.getByRole("alert");
  await expect(alert).toBeVisible();
  return ((await alert.textContent()) ?? "").replace(/[\u2066-\u2069]/g, "").trim();
}

test.describe("refusals", () => {
  test.use({ expectedRefusals: [/^\/api\/v1\/conversations\/CH0{32}$/] });

  test("the server's refusals are said in the operator's language, with their values in place", async ({ browser, page }) => {
    const english = await catalog(page.request, "en");
    const spanish = await catalog(page.request, "es");
    const arabic = await catalog(page.request, "ar");

    const { context, page: fresh } = await pageIn(browser, "es-ES");
    await fresh.goto("/sign-in");
    await fresh.getByLabel(spanish.username, { exact: true }).fill("nobody.here");
    await fresh.getByLabel(spanish.password, { exact: true }).fill("not the password");
    await fresh.getByRole("button", { name: spanish.sign_in, exact: true }).click();
    expect(await alertText(fresh)).toBe(spanish["problems.sign_in_wrong"]);
    await context.close();

    await addAdmin(page, "speaks.refusals");
    await signInAs(page, english, "speaks.refusals");
    await languageSwitch(page).selectOption("ar");
    await expect(page.locator("html")).toHaveAttribute("lang", "ar");
    const sid = `CH${"0".repeat(32)}`;
    await page.goto(`/conversations/${sid}`);
    const said = await alertText(page);
    expect(said).toBe(arabic["problems.no_conversation"].replace("{sid}", sid));
    expect(said).not.toBe(english["problems.no_conversation"].replace("{sid}", sid));
  });

  test("a mistyped number, a CSV row's problems and a refused change in the audit log are said in the operator's language", async ({ page }) => {
    const english = await catalog(page.request, "en");
    const french = await catalog(page.request, "fr");
    await addAdmin(page, "speaks.problems");
    await signInAs(page, english, "speaks.problems");
    await languageSwitch(page).selectOption("fr");
    await expect(page.locator("html")).toHaveAttribute("lang", "fr");

    // Found by the browser as the number is typed.
    await page.goto("/pairings/new");
    const first = page.getByRole("group", { name: french.first_person });
    await first.getByLabel(french.phone_number, { exact: true }).fill("611 600 002");
    await expect(first.locator(".field-problem")).toHaveText(french["problems.number_country_code"]);

    // Found by the server in a CSV row: the column's name, then its problem, both in French.
    await page.goto("/pairings/import");
    const csv = [
      "friendly_name,reference,a_name,a_channel,a_number,a_proxy,b_name,b_channel,b_number,b_proxy",
      ",1,Lina,fax,+34 611 600 001,,Omar,sms,+1 555 060 0001,",
    ].join("\r\n");
    await page.getByLabel(french.import_csv_label, { exact: true }).fill(csv);
    await page.getByRole("button", { name: french.import_check }).click();
    const row = page.locator("table.import-preview tbody tr").first();
    const notChannel = french["problems.import_not_channel"].replace("{column}", "a_channel").replace("{value}", "fax");
    await expect(row).toContainText(french["problems.import_name_empty"]);
    await expect(row).toContainText(notChannel);

    // A refused change, as the audit log recorded it: the sign-in that failed for a wrong password.
    const anonymous = await page.context().browser()!.newContext({ baseURL: test.info().project.use.baseURL });
    const refused = await anonymous.request.post("/api/v1/session", {
      data: { username: "speaks.problems", password: "not the password" },
    });
    expect(refused.status()).toBe(401);
    await anonymous.close();
    await page.goto("/audit?action=session.create&actor=speaks.problems");
    const failure = page.locator("table.audit .failure").first();
    await expect(failure).toHaveText(french["problems.sign_in_wrong"]);
  });
});
