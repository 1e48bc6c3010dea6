import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { AstroError } from 'astro/errors';
import { formatContentIssue } from '../../src/core/course/content-issues.ts';
import { checkContentDir } from './content-files.ts';

/** Runs the content checker before every build (failing it) and dev start (reporting only). */
export function contentCheck(): AstroIntegration {
  return {
    name: 'icrm:content-check',
    hooks: {
      'astro:config:setup': async ({ command, config, logger }) => {
        if (command !== 'build' && command !== 'dev') return;
        const root = fileURLToPath(config.root);
        const result = await checkContentDir(fileURLToPath(new URL('content/', config.root)), root);
        if (result.ok) return;
        const lines = result.issues.map(formatContentIssue);
        if (command === 'dev') {
          for (const line of lines) logger.error(line);
          return;
        }
        throw new AstroError(
          `课程内容有 ${lines.length} 个问题：\n${lines.map((line) => `  ✗ ${line}`).join('\n')}`,
          '改正上面列出的文件和字段后重新构建；`npm run check` 可以单独运行这项检查。',
        );
      },
    },
  };
}
