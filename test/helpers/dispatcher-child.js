/* global process, fetch */
// A dispatcher in a process of its own, for the test that kills it mid-send (test/bot/dispatcher-kill.test.ts).
// The production code, from its TypeScript source (the test starts this with `-r test/helpers/register-ts.js`), with
// the real twilio client; Twilio's HTTP API is the test's fake, reached over HTTP at the URL given (where the
// network would be).
const twilio = require('twilio');
const { openDatabase } = require('../../bot/store/db');
const { createOutboxStore } = require('../../bot/store/outbox-store');
const { createSmsStore } = require('../../bot/store/sms-store');
const { createDispatcher } = require('../../bot/notify/dispatcher');
const { createTwilioSender } = require('../../bot/notify/twilio-sender');
const { silentLogger } = require('../../bot/logger');

const [dbPath, fakeUrl] = process.argv.slice(2);
const httpClient = {
  async request(opts) {
    const response = await fetch(fakeUrl, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ method: opts.method, uri: opts.uri, data: opts.data, params: opts.params }),
    });
    return response.json();
  },
};
const db = openDatabase(dbPath);
const now = () => new Date();
const dispatcher = createDispatcher({
  outbox: createOutboxStore(db),
  sms: createSmsStore(db),
  sender: createTwilioSender({
    client: twilio(`AC${'0'.repeat(32)}`, 'token', { httpClient }),
    from: '+40700000001',
    whatsappFrom: '',
    reminderContentSid: '',
    statusCallback: 'https://clerk.example.org/api/twilio/status',
    lastInboundAt: async () => undefined,
    now,
  }),
  policy: { countries: ['RO'], maxPerNumberPerHour: 5, maxPerHour: 500 },
  now,
  log: silentLogger,
  intervalMs: 1000,
});
dispatcher
  .recover()
  .then(() => dispatcher.runOnce())
  .then(() => {
    db.close();
    process.exit(0);
  });
