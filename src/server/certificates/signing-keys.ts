import { createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { calculateJwkThumbprint, type JSONWebKeySet, type JWK } from 'jose';
import type { Kysely } from 'kysely';
import { CERTIFICATE_ALG } from '../../core/certificates/credential.ts';
import type { Database } from '../db/schema.ts';
import { parseSigningKey } from '../settings.ts';

/** The key certificates are signed with now, and its id in the JWS header and the published key set. */
export interface SigningKey {
  kid: string;
  privateKey: KeyObject;
  publicJwk: JWK;
}

export const KEY_FILE = 'signing-key.pem';

/** Says that the key comes from SIGNING_KEY, which only the operator can change. */
export class ConfiguredKeyError extends Error {}

/**
 * The certificate signing key: SIGNING_KEY when set, otherwise a PKCS#8 file in DATA_DIR made on the first start.
 * Every public half ever used stays in `signing_keys` and in /.well-known/jwks.json, so rotating never invalidates
 * a certificate already issued. The private key never enters the database.
 */
export class SigningKeys {
  private readonly file: string;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly options: { dataDir: string; configured: string | undefined },
    private readonly now: () => number = Date.now,
  ) {
    this.file = join(resolve(options.dataDir), KEY_FILE);
  }

  /**
   * Returns the current key. The file is read on every call (issuing is rare), so a key rotated by `npm run user --
   * rotate-key` signs the next certificate without a restart.
   */
  async current(): Promise<SigningKey> {
    const privateKey = this.options.configured ? parseSigningKey(this.options.configured) : parseSigningKey(await this.readOrCreateFile());
    const publicJwk = createPublicKey(privateKey).export({ format: 'jwk' }) as JWK;
    const kid = await calculateJwkThumbprint(publicJwk);
    return { kid, privateKey, publicJwk: { ...publicJwk, kid, alg: CERTIFICATE_ALG, use: 'sig' } };
  }

  /** Publishes the current key (creating the key file on the first start) and marks every other key retired. */
  async publishCurrent(): Promise<SigningKey> {
    const key = await this.current();
    const now = this.now();
    await this.db
      .insertInto('signing_keys')
      .values({ kid: key.kid, public_jwk: JSON.stringify(key.publicJwk), created_at: now, retired_at: null })
      .onConflict((oc) => oc.column('kid').doNothing())
      .execute();
    await this.db.updateTable('signing_keys').set({ retired_at: now }).where('kid', '!=', key.kid).where('retired_at', 'is', null).execute();
    return key;
  }

  /** Replaces the key file with a new key and publishes it; the old public key stays published. */
  async rotate(): Promise<{ previous: string; current: string }> {
    if (this.options.configured) {
      throw new ConfiguredKeyError('签名密钥来自环境变量 SIGNING_KEY：请换成新的密钥后重启服务器，旧公钥会继续保留在密钥列表中。');
    }
    const previous = await this.publishCurrent();
    await this.writeFile(newKeyPem());
    const next = await this.publishCurrent();
    return { previous: previous.kid, current: next.kid };
  }

  /** Every public key ever used, for /.well-known/jwks.json, oldest first. */
  async publishedKeys(): Promise<JSONWebKeySet> {
    const rows = await this.db.selectFrom('signing_keys').select('public_jwk').orderBy('created_at').orderBy('kid').execute();
    return { keys: rows.map((row) => JSON.parse(row.public_jwk) as JWK) };
  }

  private async readOrCreateFile(): Promise<string> {
    try {
      return await readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      const pem = newKeyPem();
      await this.writeFile(pem, 'wx');
      // Two processes starting at once: the one that lost the race reads the winner's key.
      return readFile(this.file, 'utf8');
    }
  }

  /** Writes the key readable by its owner only; a replacement goes through a temporary file, so no reader sees half a key. */
  private async writeFile(pem: string, flag: 'w' | 'wx' = 'w'): Promise<void> {
    await mkdir(resolve(this.options.dataDir), { recursive: true });
    if (flag === 'wx') {
      await writeFile(this.file, pem, { mode: 0o600, flag }).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'EEXIST') throw error;
      });
      return;
    }
    const temporary = `${this.file}.${process.pid}.tmp`;
    await writeFile(temporary, pem, { mode: 0o600 });
    await chmod(temporary, 0o600);
    await rename(temporary, this.file);
  }
}

function newKeyPem(): string {
  return generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
}
