import { createPrivateKey, type JsonWebKey, type KeyObject } from 'node:crypto';
import { z } from 'zod';

/** Reads SIGNING_KEY: an Ed25519 private key as PKCS#8 PEM (a one-line variable may write its newlines as \n) or as a JWK. */
export function parseSigningKey(value: string): KeyObject {
  const text = value.trim();
  const key = text.startsWith('{')
    ? createPrivateKey({ key: JSON.parse(text) as JsonWebKey, format: 'jwk' })
    : createPrivateKey(text.replace(/\\n/g, '\n'));
  if (key.asymmetricKeyType !== 'ed25519') throw new Error('not an Ed25519 key');
  return key;
}

function isSigningKey(value: string): boolean {
  try {
    parseSigningKey(value);
    return true;
  } catch {
    return false;
  }
}

const SettingsSchema = z.object({
  HOST: z.string().min(1, '不能为空').default('localhost'),
  PORT: z.coerce
    .number({ invalid_type_error: '应为端口号（1–65535 的整数）' })
    .int('应为整数')
    .min(1, '应在 1–65535 之间')
    .max(65535, '应在 1–65535 之间')
    .default(4321),
  PUBLIC_ORIGIN: z
    .string()
    .url('应为完整的网址，例如 https://learn.example.com')
    .refine((value) => /^https?:\/\//.test(value), '只支持 http 或 https 网址')
    .optional(),
  DATA_DIR: z.string().min(1, '不能为空').default('./data'),
  DATABASE_URL: z
    .string()
    .refine((value) => /^postgres(ql)?:\/\//.test(value), '应为 postgres:// 开头的 PostgreSQL 连接串')
    .optional(),
  ADMIN_USER: z
    .string()
    .regex(/^[A-Za-z0-9._-]{2,64}$/, '应为 2–64 个字母、数字或 . _ -')
    .default('admin'),
  ADMIN_PASSWORD: z.string().min(10, '至少 10 个字符').optional(),
  SIGNING_KEY: z
    .string()
    .refine(isSigningKey, '应为 Ed25519 私钥：PKCS#8 PEM（openssl genpkey -algorithm ed25519 的输出）或 JWK')
    .optional(),
});

export interface Settings {
  host: string;
  port: number;
  /** The origin used in activity ids and certificate URLs. */
  publicOrigin: string;
  /** Where the SQLite file and the signing key live. */
  dataDir: string;
  /** PostgreSQL instead of SQLite when set. */
  databaseUrl: string | undefined;
  adminUser: string;
  adminPassword: string | undefined;
  /** The certificate signing key (validated); unset: a key file in DATA_DIR. */
  signingKey: string | undefined;
}

/** A setting that stops the start: its message names the variable and the fault. */
export class SettingsError extends Error {}

/** Reads and validates the settings from the environment once, at start-up. */
export function readSettings(env: Record<string, string | undefined>): Settings {
  // An empty variable means "not set", as in most shells' `VAR= command`.
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  const parsed = SettingsSchema.safeParse(present);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const name = String(issue.path[0]);
      // Secrets are named, never echoed.
      const shown = /PASSWORD|DATABASE_URL|SIGNING_KEY/.test(name) ? '' : `（当前值：“${env[name]}”）`;
      return `${issue.path.join('.')}: ${issue.message}${shown}`;
    });
    throw new SettingsError(`环境变量设置有误：\n  ${lines.join('\n  ')}`);
  }
  const { HOST, PORT, PUBLIC_ORIGIN, DATA_DIR, DATABASE_URL, ADMIN_USER, ADMIN_PASSWORD, SIGNING_KEY } = parsed.data;
  return {
    host: HOST,
    port: PORT,
    publicOrigin: (PUBLIC_ORIGIN ?? `http://${HOST}:${PORT}`).replace(/\/$/, ''),
    dataDir: DATA_DIR,
    databaseUrl: DATABASE_URL,
    adminUser: ADMIN_USER,
    adminPassword: ADMIN_PASSWORD,
    signingKey: SIGNING_KEY,
  };
}
