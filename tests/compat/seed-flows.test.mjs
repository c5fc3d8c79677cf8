// The seed flows of Twilio's "Using WhatsApp with Conversations" guide, driven through the
// official twilio-node library against the sandbox.
import assert from "node:assert/strict";
import http from "node:http";
import { after, before, test } from "node:test";
import twilio from "twilio";
import { AUTH_TOKEN, SMS, WHATSAPP, startSandbox } from "./sandbox.mjs";

let sandbox;
let conversations;

before(async () => {
  sandbox = await startSandbox();
  conversations = sandbox.client.conversations.v1;
});

after(async () => {
  await sandbox?.stop();
});

const received = (messages) => messages.filter((m) => m.direction === "received").map((m) => m.body);

test("lists the demo conversations across pages", async () => {
  const all = await conversations.conversations.list({ pageSize: 2 });
  assert.equal(all.length, 4);
  assert.ok(all.some((c) => c.friendlyName === "Order 8812 — Robert ⇄ Alicia"));
  const closed = await conversations.conversations.list({ state: "closed" });
  assert.deepEqual(closed.map((c) => c.state), ["closed"]);
});

test("SMS and WhatsApp participants reach each other both ways", async () => {
  const customer = "whatsapp:+34600000101";
  const rider = "+15550100101";
  const created = await conversations.conversationWithParticipants.create({
    friendlyName: "Order 9101",
    uniqueName: "order-9101",
    participant: [
      JSON.stringify({ messaging_binding: { address: customer, proxy_address: WHATSAPP[0] } }),
      JSON.stringify({ messaging_binding: { address: rider, proxy_address: SMS[0] } }),
    ],
  });
  assert.match(created.sid, /^CH[0-9a-f]{32}$/);
  const fetched = await conversations.conversations("order-9101").fetch();
  assert.equal(fetched.sid, created.sid);
  const participants = await conversations.conversations(created.sid).participants.list();
  assert.deepEqual(participants.map((p) => p.messagingBinding.type).sort(), ["sms", "whatsapp"]);

  await sandbox.text(customer, WHATSAPP[0], "Where are you?");
  await sandbox.text(rider, SMS[0], "Downstairs");
  assert.deepEqual(received(await sandbox.handset(rider)), ["Where are you?"]);
  assert.deepEqual(received(await sandbox.handset(customer)), ["Downstairs"]);

  const messages = await conversations.conversations(created.sid).messages.list({ order: "desc" });
  assert.equal(messages[0].body, "Downstairs");
  assert.equal(messages[0].delivery.delivered, "all");
  const receipts = await conversations.conversations(created.sid).messages(messages[0].sid).deliveryReceipts.list();
  assert.equal(receipts[0].status, "delivered");
});

test("WhatsApp to WhatsApp through one number, and the pair conflict", async () => {
  const customer = "whatsapp:+34600000102";
  const rider = "whatsapp:+15550100102";
  const conversation = await conversations.conversations.create({ friendlyName: "Order 9102" });
  for (const address of [customer, rider]) {
    await conversations.conversations(conversation.sid).participants.create({
      "messagingBinding.address": address,
      "messagingBinding.proxyAddress": WHATSAPP[1],
    });
  }
  const other = await conversations.conversations.create({ friendlyName: "Order 9103" });
  await assert.rejects(
    conversations.conversations(other.sid).participants.create({
      "messagingBinding.address": customer,
      "messagingBinding.proxyAddress": WHATSAPP[1],
    }),
    (error) => error.code === 50416 && error.status === 409,
  );
  const where = await conversations.participantConversations.list({ address: customer });
  assert.deepEqual(where.map((p) => p.conversationSid), [conversation.sid]);

  await conversations.conversations(conversation.sid).remove();
  const freed = await conversations.conversations(other.sid).participants.create({
    "messagingBinding.address": customer,
    "messagingBinding.proxyAddress": WHATSAPP[1],
  });
  assert.equal(freed.messagingBinding.address, customer);
});

test("a template from the rider, a scoped webhook, and a signed webhook on the reply", async () => {
  const hits = [];
  const server = http.createServer((request, response) => {
    let body = "";
    request.on("data", (chunk) => (body += chunk));
    request.on("end", () => {
      hits.push({ headers: request.headers, params: Object.fromEntries(new URLSearchParams(body)) });
      response.end("ok");
    });
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const hookUrl = `http://127.0.0.1:${server.address().port}/opt-in`;
  try {
    const customer = "whatsapp:+34600000104";
    const rider = "whatsapp:+15550100104";
    const conversation = await conversations.conversations.create({ friendlyName: "Order 9104" });
    for (const address of [customer, rider]) {
      await conversations.conversations(conversation.sid).participants.create({
        "messagingBinding.address": address,
        "messagingBinding.proxyAddress": WHATSAPP[0],
      });
    }
    const templates = await sandbox.client.content.v1.contentAndApprovals.list();
    const help = templates.find((t) => t.friendlyName === "delivery_rider_needs_help");
    assert.equal(help.approvalRequests.status, "approved");
    const approval = await sandbox.client.content.v1.contents(help.sid).approvalFetch().fetch();
    assert.equal(approval.whatsapp.status, "approved");

    const hook = await conversations.conversations(conversation.sid).webhooks.create({
      target: "webhook",
      "configuration.url": hookUrl,
      "configuration.method": "post",
      "configuration.filters": ["onMessageAdded"],
    });
    assert.match(hook.sid, /^WH/);

    const template = await conversations.conversations(conversation.sid).messages.create({
      author: rider,
      contentSid: help.sid,
      contentVariables: JSON.stringify({ 1: "Sam", 2: "Ana" }),
    });
    assert.equal(template.contentSid, help.sid);
    assert.match(received(await sandbox.handset(customer)).at(-1), /^Hello Sam, your food delivery/);

    await sandbox.text(customer, WHATSAPP[0], "Yes please");
    for (let i = 0; i < 100 && hits.length === 0; i++) await new Promise((r) => setTimeout(r, 50));
    assert.equal(hits.length, 1);
    const [hit] = hits;
    assert.equal(hit.params.EventType, "onMessageAdded");
    assert.equal(hit.params.Body, "Yes please");
    assert.ok(hit.headers["i-twilio-idempotency-token"]);
    assert.ok(
      twilio.validateRequest(AUTH_TOKEN, hit.headers["x-twilio-signature"], hookUrl, hit.params),
      "the official validator accepts the sandbox's signature",
    );
    const log = await sandbox.deliveries();
    assert.equal(log.at(-1).status, 200);

    await conversations.conversations(conversation.sid).webhooks(hook.sid).remove();
    assert.deepEqual(await conversations.conversations(conversation.sid).webhooks.list(), []);
  } finally {
    server.close();
  }
});

test("Messaging v1 lists the account's SMS numbers and WhatsApp senders", async () => {
  const [service] = await sandbox.client.messaging.v1.services.list();
  const numbers = await sandbox.client.messaging.v1.services(service.sid).phoneNumbers.list();
  assert.deepEqual(numbers.map((n) => n.phoneNumber), SMS);
  const senders = await sandbox.client.messaging.v1.services(service.sid).channelSenders.list();
  assert.deepEqual(senders.map((s) => s.sender), WHATSAPP);
});

test("errors arrive as the library's RestException with Twilio's code", async () => {
  await assert.rejects(
    conversations.conversations("CH00000000000000000000000000000000").fetch(),
    (error) => error.status === 404 && error.code === 20404,
  );
});
