import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { readSettings } from '../../../src/server/settings.ts';

describe('readSettings', () => {
  test('defaults to localhost:4321 and derives the public origin from them', () => {
    expect(readSettings({})).toMatchObject({ host: 'localhost', port: 4321, publicOrigin: 'http://localhost:4321' });
  });

  test('treats an empty variable as unset', () => {
    expect(readSettings({ PORT: '', HOST: '' }).port).toBe(4321);
  });

  test('reads HOST, PORT and PUBLIC_ORIGIN, dropping a trailing slash from the origin', () => {
    expect(readSettings({ HOST: '0.0.0.0', PORT: '8080', PUBLIC_ORIGIN: 'https://learn.example.com/' })).toMatchObject({
      host: '0.0.0.0',
      port: 8080,
      publicOrigin: 'https://learn.example.com',
    });
  });

  test('stops on a port that is not a number, naming the setting and its value', () => {
    expect(() => readSettings({ PORT: 'abc' })).toThrow('PORT: 应为端口号（1–65535 的整数）（当前值：“abc”）');
  });

  test('stops on a port out of range', () => {
    expect(() => readSettings({ PORT: '70000' })).toThrow('PORT: 应在 1–65535 之间');
  });

  test('stops on a public origin that is not a web address', () => {
    expect(() => readSettings({ PUBLIC_ORIGIN: 'ftp://files' })).toThrow('PUBLIC_ORIGIN: 只支持 http 或 https 网址');
  });

  test('keeps data in ./data on SQLite with an admin named admin unless told otherwise', () => {
    expect(readSettings({})).toMatchObject({ dataDir: './data', databaseUrl: undefined, adminUser: 'admin', adminPassword: undefined });
  });

  test('stops on a database URL that is not PostgreSQL without echoing it', () => {
    let message = '';
    try {
      readSettings({ DATABASE_URL: 'mysql://root:secret@db/app' });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('DATABASE_URL: 应为 postgres:// 开头的 PostgreSQL 连接串');
    expect(message).not.toContain('secret');
  });

  test('stops on an admin password shorter than 10 characters without echoing it', () => {
    expect(() => readSettings({ ADMIN_PASSWORD: 'short' })).toThrow(/^(?![\s\S]*short)[\s\S]*ADMIN_PASSWORD: 至少 10 个字符/);
  });

  test('reads SIGNING_KEY as PKCS#8 PEM, with real or written-out newlines, or as a JWK', () => {
    const key = generateKeyPairSync('ed25519').privateKey;
    const pem = key.export({ format: 'pem', type: 'pkcs8' }).toString();
    const jwk = JSON.stringify(key.export({ format: 'jwk' }));
    for (const value of [pem, pem.replace(/\n/g, '\\n'), jwk]) expect(readSettings({ SIGNING_KEY: value }).signingKey).toBe(value);
    expect(readSettings({}).signingKey).toBeUndefined();
  });

  test('stops on a SIGNING_KEY that is not an Ed25519 private key, without echoing it', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    for (const value of ['not-a-key', rsa]) {
      let message = '';
      try {
        readSettings({ SIGNING_KEY: value });
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message).toContain('SIGNING_KEY: 应为 Ed25519 私钥');
      expect(message).not.toContain(value.slice(0, 20));
    }
  });
});
