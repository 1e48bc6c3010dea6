/** The columns of a roster file. */
export type RosterField = 'employeeId' | 'name' | 'department' | 'email' | 'role';

/** The roles a roster may give (the same names as the accounts' roles). */
export type RosterRole = 'learner' | 'facilitator' | 'hr' | 'admin';

export const rosterFieldLabels: Record<RosterField, string> = {
  employeeId: '工号',
  name: '姓名',
  department: '部门',
  email: '邮箱',
  role: '角色',
};

/** Columns a roster must have; email and role may be left out (roles then stay as they are, new people are learners). */
export const requiredRosterFields: readonly RosterField[] = ['employeeId', 'name', 'department'];

// Header spellings seen in HR systems' exports, compared after folding case, width, spaces and punctuation.
const headerAliases: Record<RosterField, string[]> = {
  employeeId: ['工号', '员工工号', '员工编号', '员工号', '职工号', '编号', 'employeeid', 'employeeno', 'employeenumber', 'staffid', 'empid', 'id'],
  name: ['姓名', '名字', '员工姓名', '姓名名称', 'name', 'fullname', 'displayname', 'employeename'],
  department: ['部门', '所属部门', '部门名称', 'department', 'dept', 'departmentname'],
  email: ['邮箱', '电子邮箱', '邮件', '电子邮件', '邮箱地址', 'email', 'emailaddress', 'mail'],
  role: ['角色', '身份', '权限', 'role', 'roles'],
};

const roleAliases: Record<string, RosterRole> = {
  learner: 'learner',
  学员: 'learner',
  员工: 'learner',
  学习者: 'learner',
  facilitator: 'facilitator',
  讲师: 'facilitator',
  培训师: 'facilitator',
  hr: 'hr',
  人力资源: 'hr',
  人事: 'hr',
  admin: 'admin',
  管理员: 'admin',
};

/** Folds a header or role cell for comparison: NFKC (full-width to half-width), lower case, no spaces or separators. */
function fold(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/[\s_\-.:：()（）]/g, '');
}

export interface RosterHeader {
  /** The cell index of each column found. */
  columns: Partial<Record<RosterField, number>>;
  missing: RosterField[];
  /** Headers that name the same column twice. */
  repeated: RosterField[];
  width: number;
}

/** Finds the roster's columns in its header row, in any order, by their Chinese or English names. */
export function readRosterHeader(cells: readonly string[]): RosterHeader {
  const columns: Partial<Record<RosterField, number>> = {};
  const repeated: RosterField[] = [];
  cells.forEach((cell, index) => {
    const folded = fold(index === 0 ? cell.replace(/^\uFEFF/, '') : cell);
    const field = (Object.keys(headerAliases) as RosterField[]).find((candidate) => headerAliases[candidate].includes(folded));
    if (!field) return;
    if (columns[field] === undefined) columns[field] = index;
    else if (!repeated.includes(field)) repeated.push(field);
  });
  return { columns, missing: requiredRosterFields.filter((field) => columns[field] === undefined), repeated, width: cells.length };
}

/** Explains a header that cannot be imported, or returns undefined when it can. */
export function headerProblem(header: RosterHeader): string | undefined {
  if (header.missing.length > 0) {
    return `缺少必需的列：${header.missing.map((field) => rosterFieldLabels[field]).join('、')}。第一行应为表头，例如：工号,姓名,部门,邮箱,角色`;
  }
  if (header.repeated.length > 0) return `表头中有重复的列：${header.repeated.map((field) => rosterFieldLabels[field]).join('、')}。`;
  return undefined;
}

export interface RosterRow {
  line: number;
  employeeId: string;
  name: string;
  department: string;
  /** Null when the file has no email column or leaves the cell empty: an existing address is then kept. */
  email: string | null;
  /** Null when the file has no role column or leaves the cell empty: existing roles are kept, new people are learners. */
  roles: RosterRole[] | null;
}

export interface RosterIssue {
  line: number;
  field?: RosterField;
  message: string;
}

export const EMPLOYEE_ID_PATTERN = /^[A-Za-z0-9._-]{2,64}$/;
// Deliberately loose: one @, no spaces, a dot in the domain. Mail servers decide the rest.
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const MAX_NAME = 40;
const MAX_DEPARTMENT = 40;
const MAX_EMAIL = 254;

/** Reads a role cell: one or several roles, in Chinese or English, separated by 、 , ; / or spaces. */
export function parseRosterRoles(cell: string): RosterRole[] | { unknown: string } {
  const parts = cell.split(/[、,，;；/|\s]+/).filter(Boolean);
  const roles: RosterRole[] = [];
  for (const part of parts) {
    const role = roleAliases[fold(part)];
    if (!role) return { unknown: part };
    if (!roles.includes(role)) roles.push(role);
  }
  return roles;
}

/** Checks the rows of one roster file as they are read, remembering employee ids to catch duplicates. */
export class RosterChecker {
  private readonly seen = new Map<string, number>();

  constructor(private readonly header: RosterHeader) {}

  /** Checks one data row (its line in the file, the header being line 1); returns the row or what is wrong with it. */
  check(cells: readonly string[], line: number): { row: RosterRow } | { issues: RosterIssue[] } {
    const issues: RosterIssue[] = [];
    if (cells.length !== this.header.width) {
      issues.push({ line, message: `本行有 ${cells.length} 列，表头有 ${this.header.width} 列：可能缺少单元格，或姓名、部门中的逗号没有加引号。` });
    }
    const cell = (field: RosterField) => {
      const index = this.header.columns[field];
      return index === undefined ? '' : (cells[index] ?? '').trim();
    };
    const employeeId = cell('employeeId').normalize('NFKC');
    if (!employeeId) issues.push({ line, field: 'employeeId', message: '缺少工号。' });
    else if (!EMPLOYEE_ID_PATTERN.test(employeeId)) {
      issues.push({ line, field: 'employeeId', message: `工号“${employeeId}”无效：应为 2–64 个字母、数字或 . _ -（工号也是登录用户名）。` });
    } else {
      const earlier = this.seen.get(employeeId);
      if (earlier !== undefined) issues.push({ line, field: 'employeeId', message: `工号 ${employeeId} 与第 ${earlier} 行重复。` });
      else this.seen.set(employeeId, line);
    }
    const name = cell('name');
    if (!name) issues.push({ line, field: 'name', message: '缺少姓名。' });
    else if (name.length > MAX_NAME) issues.push({ line, field: 'name', message: `姓名最多 ${MAX_NAME} 个字符。` });
    const department = cell('department');
    if (!department) issues.push({ line, field: 'department', message: '缺少部门。' });
    else if (department.length > MAX_DEPARTMENT) issues.push({ line, field: 'department', message: `部门最多 ${MAX_DEPARTMENT} 个字符。` });
    const emailCell = cell('email').normalize('NFKC');
    if (emailCell && (emailCell.length > MAX_EMAIL || !EMAIL_PATTERN.test(emailCell))) {
      issues.push({ line, field: 'email', message: `邮箱格式不正确：${emailCell}` });
    }
    const roleCell = cell('role');
    const roles = roleCell ? parseRosterRoles(roleCell) : null;
    if (roles && !Array.isArray(roles)) {
      issues.push({ line, field: 'role', message: `未知的角色“${roles.unknown}”：可填 学员、讲师、人力资源 或 管理员。` });
    }
    if (issues.length > 0) return { issues };
    return { row: { line, employeeId, name, department, email: emailCell || null, roles: roles as RosterRole[] | null } };
  }
}
