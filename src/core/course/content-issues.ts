import type { ZodError, ZodIssue } from 'zod';
import { formatFieldPath } from '../field-path.ts';

/** One fault found in the course content: which file, which field, what is wrong. */
export interface ContentIssue {
  file: string;
  field: string;
  message: string;
}

/** Formats an issue as one line an author can act on. */
export function formatContentIssue(issue: ContentIssue): string {
  return `${issue.file} › ${issue.field || '（整个文件）'}: ${issue.message}`;
}

const typeNames: Record<string, string> = {
  string: '文本',
  number: '数字',
  integer: '整数',
  boolean: '布尔值（true/false）',
  array: '列表',
  object: '对象',
  null: '空值',
  date: '日期',
};

/** Turns one zod issue into plain Chinese that says what the author should fix. */
export function describeZodIssue(issue: ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.received === 'undefined') return `缺少必填字段（应为${typeNames[issue.expected] ?? issue.expected}）`;
      return `类型错误：应为${typeNames[issue.expected] ?? issue.expected}，实际是${typeNames[issue.received] ?? issue.received}`;
    case 'too_small':
      if (issue.type === 'string') return issue.minimum === 1 ? '不能为空' : `至少需要 ${issue.minimum} 个字符`;
      if (issue.type === 'array') return `至少需要 ${issue.minimum} 项`;
      return `不能小于 ${issue.minimum}`;
    case 'too_big':
      if (issue.type === 'string') return `最多 ${issue.maximum} 个字符`;
      if (issue.type === 'array') return `最多 ${issue.maximum} 项`;
      return `不能大于 ${issue.maximum}`;
    case 'invalid_enum_value':
      return `取值“${String(issue.received)}”无效，可选：${issue.options.join('、')}`;
    case 'invalid_literal':
      return `取值应为“${String(issue.expected)}”`;
    case 'unrecognized_keys':
      return `未知字段：${issue.keys.join('、')}（拼写错误？）`;
    case 'invalid_union':
      return '取值格式不符合任何一种允许的写法';
    default:
      return issue.message;
  }
}

/** Converts every issue of a zod error into content issues for one file. */
export function zodErrorToContentIssues(file: string, error: ZodError): ContentIssue[] {
  return error.issues.map((issue) => ({
    file,
    field: formatFieldPath(issue.path),
    message: describeZodIssue(issue),
  }));
}
