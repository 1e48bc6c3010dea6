import { describe, expect, test } from 'vitest';
import { headerProblem, parseRosterRoles, readRosterHeader, RosterChecker } from '../../../../src/core/hr/roster.ts';

describe('readRosterHeader', () => {
  test('finds the columns by Chinese or English names, in any order and any case or width', () => {
    const header = readRosterHeader(['Email', ' 部门 ', 'Employee ID', '姓名', 'ROLE', '备注']);
    expect(header.columns).toEqual({ email: 0, department: 1, employeeId: 2, name: 3, role: 4 });
    expect(header.missing).toEqual([]);
    expect(headerProblem(header)).toBeUndefined();
    expect(readRosterHeader(['\uFEFF工号', 'Ｎａｍｅ', 'dept']).columns).toEqual({ employeeId: 0, name: 1, department: 2 });
  });

  test('names the required columns a header lacks', () => {
    const header = readRosterHeader(['姓名', '邮箱']);
    expect(header.missing).toEqual(['employeeId', 'department']);
    expect(headerProblem(header)).toContain('缺少必需的列：工号、部门');
  });

  test('refuses a column named twice', () => {
    expect(headerProblem(readRosterHeader(['工号', '姓名', '部门', 'Employee ID']))).toContain('重复的列：工号');
  });
});

describe('parseRosterRoles', () => {
  test('reads one or several roles in Chinese or English', () => {
    expect(parseRosterRoles('学员')).toEqual(['learner']);
    expect(parseRosterRoles('讲师、HR')).toEqual(['facilitator', 'hr']);
    expect(parseRosterRoles('learner; learner')).toEqual(['learner']);
    expect(parseRosterRoles('老板')).toEqual({ unknown: '老板' });
  });
});

describe('RosterChecker', () => {
  const header = readRosterHeader(['工号', '姓名', '部门', '邮箱', '角色']);

  test('returns a clean row with trimmed cells, an absent role and email as null', () => {
    const checker = new RosterChecker(header);
    expect(checker.check([' E001 ', ' 张伟 ', '销售部', '', ''], 2)).toEqual({
      row: { line: 2, employeeId: 'E001', name: '张伟', department: '销售部', email: null, roles: null },
    });
  });

  test('reports each fault of a row by line and field', () => {
    const checker = new RosterChecker(header);
    const result = checker.check(['', '', '', 'not-an-email', '老板'], 7);
    expect(result).toEqual({
      issues: [
        { line: 7, field: 'employeeId', message: '缺少工号。' },
        { line: 7, field: 'name', message: '缺少姓名。' },
        { line: 7, field: 'department', message: '缺少部门。' },
        { line: 7, field: 'email', message: '邮箱格式不正确：not-an-email' },
        { line: 7, field: 'role', message: expect.stringContaining('未知的角色“老板”') },
      ],
    });
  });

  test('catches a duplicate employee id and names the earlier line', () => {
    const checker = new RosterChecker(header);
    expect('row' in checker.check(['E001', '张伟', '销售部', '', ''], 2)).toBe(true);
    expect(checker.check(['E001', '李娜', '财务部', '', ''], 5)).toEqual({
      issues: [{ line: 5, field: 'employeeId', message: '工号 E001 与第 2 行重复。' }],
    });
  });

  test('catches a row with missing or extra cells, and an employee id that cannot be a username', () => {
    const checker = new RosterChecker(header);
    const short = checker.check(['E002', '王芳'], 3);
    expect('issues' in short && short.issues[0]!.message).toContain('本行有 2 列，表头有 5 列');
    const spaced = checker.check(['E 003', '王芳', '客服部', '', ''], 4);
    expect('issues' in spaced && spaced.issues[0]!.message).toContain('工号“E 003”无效');
  });

  test('keeps markup in names as the text it is', () => {
    const checker = new RosterChecker(header);
    const result = checker.check(['E009', '<script>alert(1)</script>', '<b>市场部</b>', 'x@example.com', 'learner'], 2);
    expect(result).toEqual({
      row: { line: 2, employeeId: 'E009', name: '<script>alert(1)</script>', department: '<b>市场部</b>', email: 'x@example.com', roles: ['learner'] },
    });
  });
});
