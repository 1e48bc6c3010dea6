import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { FinalBankSchema, type FinalBank } from '../../core/quiz/schemas/quiz.ts';

const banks = new Map<string, Promise<FinalBank>>();

/**
 * Reads the final assessment's bank from content/quizzes on the server's disk, once per process: the bank holds
 * the keys and is never part of the site's build output (the content check has already validated it).
 */
export function loadFinalBank(bankId: string, contentDir = join(process.cwd(), 'content')): Promise<FinalBank> {
  let bank = banks.get(bankId);
  if (!bank) {
    bank = readFile(join(contentDir, 'quizzes', `${bankId}.yaml`), 'utf8').then((text) => FinalBankSchema.parse(parseYaml(text)));
    banks.set(bankId, bank);
  }
  return bank;
}
