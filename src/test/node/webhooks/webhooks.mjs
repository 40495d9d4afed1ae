// node-zendesk 6 driving Groupdesk's webhooks API, unchanged: run by ZendeskWebhooksNodeClientTest, which reads the
// one JSON line this prints. Phase "create" creates a webhook; phase "rest" calls every other method on it.
import zendesk from 'node-zendesk';

const client = zendesk.createClient({
  username: process.env.GROUPDESK_EMAIL,
  token: process.env.GROUPDESK_TOKEN,
  endpointUri: process.env.GROUPDESK_URL + '/api/v2',
});
const webhooks = client.webhooks;
const phase = process.argv[2];
const out = {};

async function status(call) {
  const { response, result } = await call;
  return { status: response.status, result };
}

try {
  if (phase === 'create') {
    const created = await webhooks.create({
      webhook: {
        name: 'node-zendesk webhook',
        endpoint: process.env.RECEIVER_URL,
        http_method: 'POST',
        request_format: 'json',
        status: 'active',
        subscriptions: ['zen:event-type:user.name_changed'],
        authentication: { type: 'bearer_token', data: { token: 'node-token' }, add_position: 'header' },
      },
    });
    out.created = created.result;
  } else {
    const id = process.env.WEBHOOK_ID;
    out.list = await webhooks.list();
    out.show = (await webhooks.show(id)).result;
    out.update = (await status(webhooks.update(id, {
      webhook: {
        name: 'node-zendesk webhook (renamed)',
        endpoint: process.env.RECEIVER_URL,
        http_method: 'POST',
        request_format: 'json',
        status: 'active',
        subscriptions: ['zen:event-type:user.name_changed'],
        authentication: { type: 'bearer_token', add_position: 'header' },
      },
    }))).status;
    out.patch = (await status(webhooks.patch(id, { webhook: { description: 'patched by node-zendesk' } }))).status;
    out.afterPatch = (await webhooks.show(id)).result;
    out.test = (await webhooks.test({ request: { payload: '{"from":"node-zendesk"}' } }, id)).result;
    out.invocations = (await webhooks.listInvocations(id)).result;
    const first = out.invocations.invocations[0];
    out.attempts = (await webhooks.listInvocationAttempts(id, first.id)).result;
    out.secret = (await webhooks.getSigningSecret(id)).result;
    out.reset = (await webhooks.resetSigningSecret(id)).result;
    out.delete = (await status(webhooks.delete(id))).status;
    try {
      await webhooks.show(id);
      out.afterDelete = 'found';
    } catch (error) {
      out.afterDelete = String(error.message);
    }
  }
  console.log(JSON.stringify(out));
} catch (error) {
  console.log(JSON.stringify({ error: String(error.stack || error), partial: out }));
  process.exitCode = 1;
}
