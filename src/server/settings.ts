import { z } from 'zod';

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
});

export interface Settings {
  host: string;
  port: number;
  /** The origin used in activity ids and certificate URLs. */
  publicOrigin: string;
}

/** A setting that stops the start: its message names the variable and the fault. */
export class SettingsError extends Error {}

/** Reads and validates the settings from the environment once, at start-up. */
export function readSettings(env: Record<string, string | undefined>): Settings {
  // An empty variable means "not set", as in most shells' `VAR= command`.
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  const parsed = SettingsSchema.safeParse(present);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}（当前值：“${env[String(issue.path[0])]}”）`);
    throw new SettingsError(`环境变量设置有误：\n  ${lines.join('\n  ')}`);
  }
  const { HOST, PORT, PUBLIC_ORIGIN } = parsed.data;
  return {
    host: HOST,
    port: PORT,
    publicOrigin: (PUBLIC_ORIGIN ?? `http://${HOST}:${PORT}`).replace(/\/$/, ''),
  };
}
