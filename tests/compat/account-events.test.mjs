// The account- and service-level post-event webhooks set through the official twilio-node
// library, read back, and a signed event delivered for a change made with the library.
import assert from "node:assert/strict";
import http from "node:http";
import { after, before, test } from "node:test";
import twilio from "twilio";
import { AUTH_TOKEN, startSandbox } from "./sandbox.mjs";

let sandbox;
let conversations;

before(async () => {
  sandbox = await startSandbox();
  conversations = sandbox.client.conversations.v1;
});

after(async () => {
  await sandbox?.stop();
});

/** A local HTTP receiver recording each request's path, headers and form fields. */
async function receiver() {
  const hits = [];
  const server = http.createServer((request, response) => {
    let body = "";
    request.on("data", (chunk) => (body += chunk));
    request.on("end", () => {
      hits.push({ path: request.url, headers: request.headers, params: Object.fromEntries(new URLSearchParams(body)) });
      response.end("ok");
    });
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { hits, base: `http://127.0.0.1:${server.address().port}`, close: () => server.close() };
}

async function waitFor(hits, count) {
  for (let i = 0; i < 100 && hits.length < count; i++) await new Promise((r) => setTimeout(r, 50));
  assert.equal(hits.length, count, JSON.stringify(hits.map((h) => h.params.EventType)));
}

test("the account and service levels' post-event webhooks, set, read back and fired signed", async () => {
  const { hits, base, close } = await receiver();
  try {
    const accountUrl = `${base}/account-events`;
    const set = await conversations.configuration.webhooks().update({
      method: "POST",
      filters: ["onConversationAdded", "onMessageAdded"],
      postWebhookUrl: accountUrl,
      target: "webhook",
    });
    assert.equal(set.postWebhookUrl, accountUrl);
    const account = await conversations.configuration.webhooks().fetch();
    assert.deepEqual(account.filters, ["onConversationAdded", "onMessageAdded"]);
    assert.equal(account.method, "POST");
    assert.equal(account.target, "webhook");

    const created = await conversations.conversations.create({
      friendlyName: "Order 9201",
      xTwilioWebhookEnabled: "true",
    });
    await waitFor(hits, 1);
    const [hit] = hits;
    assert.equal(hit.path, "/account-events");
    assert.equal(hit.params.EventType, "onConversationAdded");
    assert.equal(hit.params.ConversationSid, created.sid);
    assert.equal(hit.params.FriendlyName, "Order 9201");
    assert.ok(hit.headers["i-twilio-idempotency-token"]);
    assert.ok(
      twilio.validateRequest(AUTH_TOKEN, hit.headers["x-twilio-signature"], accountUrl, hit.params),
      "the official validator accepts the signature",
    );
    assert.ok(!twilio.validateRequest("another-token", hit.headers["x-twilio-signature"], accountUrl, hit.params));

    const { defaultChatServiceSid } = await conversations.configuration().fetch();
    assert.match(defaultChatServiceSid, /^IS[0-9a-f]{32}$/);
    const serviceUrl = `${base}/service-events`;
    const service = conversations.services(defaultChatServiceSid).configuration.webhooks();
    await service.update({ postWebhookUrl: serviceUrl, filters: ["onConversationAdded"], method: "POST" });
    const fetched = await service.fetch();
    assert.equal(fetched.postWebhookUrl, serviceUrl);
    assert.equal(fetched.chatServiceSid, defaultChatServiceSid);
    assert.deepEqual(fetched.filters, ["onConversationAdded"]);

    await conversations.conversations.create({ friendlyName: "Order 9202" });
    const second = await conversations.conversations.create({
      friendlyName: "Order 9203",
      xTwilioWebhookEnabled: "true",
    });
    await waitFor(hits, 2);
    const serviceHit = hits[1];
    assert.equal(serviceHit.path, "/service-events", "the service level takes the account's place");
    assert.equal(serviceHit.params.ConversationSid, second.sid, "a change made without the header is silent");
    assert.equal(serviceHit.params.ChatServiceSid, defaultChatServiceSid);
    assert.ok(twilio.validateRequest(AUTH_TOKEN, serviceHit.headers["x-twilio-signature"], serviceUrl, serviceHit.params));
  } finally {
    close();
  }
});
