/** The subset of xAPI 1.0.3 statement shapes this platform writes and reads. */

/** Language tag (RFC 5646) → text, e.g. { 'zh-CN': '完成' }. */
export type LanguageMap = Record<string, string>;

export interface AgentAccount {
  homePage: string;
  name: string;
}

export interface Agent {
  objectType?: 'Agent';
  name?: string;
  mbox?: string;
  mbox_sha1sum?: string;
  openid?: string;
  account?: AgentAccount;
}

export interface Verb {
  id: string;
  display?: LanguageMap;
}

export interface ActivityDefinition {
  name?: LanguageMap;
  description?: LanguageMap;
  type?: string;
  moreInfo?: string;
  extensions?: Record<string, unknown>;
}

export interface Activity {
  objectType?: 'Activity';
  id: string;
  definition?: ActivityDefinition;
}

export interface Score {
  scaled?: number;
  raw?: number;
  min?: number;
  max?: number;
}

export interface Result {
  score?: Score;
  success?: boolean;
  completion?: boolean;
  response?: string;
  duration?: string;
  extensions?: Record<string, unknown>;
}

export interface ContextActivities {
  parent?: Activity[];
  grouping?: Activity[];
  category?: Activity[];
  other?: Activity[];
}

export interface Context {
  registration?: string;
  instructor?: Agent;
  contextActivities?: ContextActivities;
  revision?: string;
  platform?: string;
  language?: string;
  extensions?: Record<string, unknown>;
}

export interface Statement {
  id: string;
  actor: Agent;
  verb: Verb;
  object: Activity;
  result?: Result;
  context?: Context;
  timestamp: string;
  stored?: string;
  authority?: Agent;
  version?: string;
}
