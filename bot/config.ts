import { z } from 'zod';

/** Every environment variable the clerk reads, with its default; documented in .env.example. */
const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3978),
  HOST: z.string().default('0.0.0.0'),
  DATABASE_PATH: z.string().min(1).default('data/clerk.db'),
  MUNICIPALITY: z
    .string()
    .regex(/^[a-z0-9-]+$/, 'a municipality id such as cluj-napoca')
    .default('cluj-napoca'),
  PUBLIC_BASE_URL: z.preprocess((v) => (v === '' ? undefined : v), z.string().url().optional()),
  MicrosoftAppId: z.string().default(''),
  MicrosoftAppPassword: z.string().default(''),
  MicrosoftAppType: z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).default('MultiTenant'),
  MicrosoftAppTenantId: z.string().default(''),
  MAX_BODY_BYTES: z.coerce.number().int().min(1024).default(65_536),
  OUTBOX_INTERVAL_MS: z.coerce.number().int().min(50).default(1000),
  TWILIO_ACCOUNT_SID: z.string().default(''),
  TWILIO_AUTH_TOKEN: z.string().default(''),
  TWILIO_FROM: z.string().default(''),
  TWILIO_WHATSAPP_FROM: z.string().default(''),
  TWILIO_WHATSAPP_REMINDER_CONTENT_SID: z.string().default(''),
  SMS_COUNTRIES: z
    .string()
    .regex(/^[A-Z]{2}(,[A-Z]{2})*$/, 'ISO country codes separated by commas, such as RO,MD')
    .default('RO'),
  SMS_MAX_PER_NUMBER_PER_HOUR: z.coerce.number().int().min(1).default(5),
  SMS_MAX_PER_HOUR: z.coerce.number().int().min(1).default(500),
  INBOUND_MAX_PER_NUMBER_PER_MINUTE: z.coerce.number().int().min(1).default(40),
  INBOUND_MAX_PER_MINUTE: z.coerce.number().int().min(1).default(600),
  WEBCHAT_TOKENS_PER_ADDRESS_PER_MINUTE: z.coerce.number().int().min(1).default(30),
  WEBCHAT_TOKENS_PER_MINUTE: z.coerce.number().int().min(1).default(600),
  ACTIVITIES_PER_CONVERSATION_PER_MINUTE: z.coerce.number().int().min(1).default(40),
  ACTIVITIES_PER_CONVERSATION: z.coerce.number().int().min(10).default(1000),
  ACTIVITIES_PER_PAGE: z.coerce.number().int().min(1).max(1000).default(50),
  ALLOWED_SERVICE_URLS: z
    .string()
    .regex(/^(\*|https?:\/\/[^,\s]+(,https?:\/\/[^,\s]+)*)?$/, '* or origins separated by commas')
    .default(''),
  TRUST_PROXY: z.preprocess((v) => v === 'true' || v === '1', z.boolean()).default(false),
  STAFF_SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).default(30),
  STAFF_SESSION_MAX_HOURS: z.coerce.number().int().min(1).default(12),
  STAFF_SIGN_IN_FAILURES_PER_ACCOUNT: z.coerce.number().int().min(1).default(5),
  STAFF_SIGN_IN_FAILURES_PER_ADDRESS: z.coerce.number().int().min(1).default(20),
  STAFF_SIGN_IN_WINDOW_MINUTES: z.coerce.number().int().min(1).default(15),
  RETENTION_DAYS: z.coerce.number().int().min(0).default(90),
  REMINDER_LOCAL_TIME: z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a local time such as 10:00')
    .default('10:00'),
});

export type Config = z.infer<typeof schema> & { PUBLIC_BASE_URL: string };

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid configuration: ${problems}`);
  }
  const c = parsed.data;
  // An anonymous /api/messages on the internet posts its replies wherever a caller says (the Emulator's set-up).
  if (env.NODE_ENV === 'production' && !c.MicrosoftAppId)
    throw new Error(
      'NODE_ENV is production but MicrosoftAppId is empty: /api/messages would accept activities from anyone ' +
        'and reply to any address they name. Set MicrosoftAppId and MicrosoftAppPassword (the Azure Bot ' +
        'registration), or run without NODE_ENV=production to try the clerk in the Bot Framework Emulator.',
    );
  return { ...c, PUBLIC_BASE_URL: (c.PUBLIC_BASE_URL ?? `http://localhost:${c.PORT}`).replace(/\/$/, '') };
}
