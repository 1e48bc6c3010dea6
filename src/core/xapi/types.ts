/** xAPI 1.0.3 statement shapes in full (Part Two of the specification), as the server receives and returns them. */

/** Language tag (RFC 5646) → text, e.g. { 'zh-CN': '完成' }. */
export type XapiLanguageMap = Record<string, string>;

/** Extension IRI → any JSON value. */
export type XapiExtensions = Record<string, unknown>;

export interface XapiAccount {
  homePage: string;
  name: string;
}

/** The four inverse functional identifiers; an Agent or identified Group carries exactly one. */
export interface XapiIdentifiers {
  mbox?: string;
  mbox_sha1sum?: string;
  openid?: string;
  account?: XapiAccount;
}

export interface XapiAgent extends XapiIdentifiers {
  objectType?: 'Agent';
  name?: string;
}

/** A Group with no identifier; its members are required. */
export interface XapiAnonymousGroup {
  objectType: 'Group';
  name?: string;
  member: XapiAgent[];
  mbox?: undefined;
  mbox_sha1sum?: undefined;
  openid?: undefined;
  account?: undefined;
}

/** A Group with exactly one identifier; listing members is optional. */
export interface XapiIdentifiedGroup extends XapiIdentifiers {
  objectType: 'Group';
  name?: string;
  member?: XapiAgent[];
}

export type XapiGroup = XapiAnonymousGroup | XapiIdentifiedGroup;

export type XapiActor = XapiAgent | XapiGroup;

/** An Agent as the object of a statement, where objectType is required. */
export type XapiAgentObject = XapiAgent & { objectType: 'Agent' };

export interface XapiVerb {
  id: string;
  display?: XapiLanguageMap;
}

export const interactionTypes = [
  'true-false',
  'choice',
  'fill-in',
  'long-fill-in',
  'matching',
  'performance',
  'sequencing',
  'likert',
  'numeric',
  'other',
] as const;

export type XapiInteractionType = (typeof interactionTypes)[number];

export interface XapiInteractionComponent {
  id: string;
  description?: XapiLanguageMap;
}

export const interactionComponentLists = ['choices', 'scale', 'source', 'target', 'steps'] as const;

export type XapiInteractionComponentList = (typeof interactionComponentLists)[number];

export interface XapiActivityDefinition {
  name?: XapiLanguageMap;
  description?: XapiLanguageMap;
  type?: string;
  moreInfo?: string;
  interactionType?: XapiInteractionType;
  correctResponsesPattern?: string[];
  choices?: XapiInteractionComponent[];
  scale?: XapiInteractionComponent[];
  source?: XapiInteractionComponent[];
  target?: XapiInteractionComponent[];
  steps?: XapiInteractionComponent[];
  extensions?: XapiExtensions;
}

export interface XapiActivity {
  objectType?: 'Activity';
  id: string;
  definition?: XapiActivityDefinition;
}

export interface XapiStatementRef {
  objectType: 'StatementRef';
  id: string;
}

export interface XapiScore {
  scaled?: number;
  raw?: number;
  min?: number;
  max?: number;
}

export interface XapiResult {
  score?: XapiScore;
  success?: boolean;
  completion?: boolean;
  response?: string;
  duration?: string;
  extensions?: XapiExtensions;
}

/** Context activities as returned: every value an array, even if it arrived as one Activity. */
export interface XapiContextActivities {
  parent?: XapiActivity[];
  grouping?: XapiActivity[];
  category?: XapiActivity[];
  other?: XapiActivity[];
}

export const contextActivityKinds = ['parent', 'grouping', 'category', 'other'] as const;

export interface XapiContext {
  registration?: string;
  instructor?: XapiActor;
  team?: XapiGroup;
  contextActivities?: XapiContextActivities;
  revision?: string;
  platform?: string;
  language?: string;
  statement?: XapiStatementRef;
  extensions?: XapiExtensions;
}

export interface XapiAttachment {
  usageType: string;
  display: XapiLanguageMap;
  description?: XapiLanguageMap;
  contentType: string;
  length: number;
  sha2: string;
  fileUrl?: string;
}

/** A statement used as an object: no id, stored, version or authority, and never nested. */
export interface XapiSubStatement {
  objectType: 'SubStatement';
  actor: XapiActor;
  verb: XapiVerb;
  object: XapiActivity | XapiAgentObject | XapiGroup | XapiStatementRef;
  result?: XapiResult;
  context?: XapiContext;
  timestamp?: string;
  attachments?: XapiAttachment[];
}

export type XapiObject = XapiActivity | XapiAgentObject | XapiGroup | XapiStatementRef | XapiSubStatement;

export interface XapiStatement {
  id?: string;
  actor: XapiActor;
  verb: XapiVerb;
  object: XapiObject;
  result?: XapiResult;
  context?: XapiContext;
  timestamp?: string;
  stored?: string;
  authority?: XapiActor;
  version?: string;
  attachments?: XapiAttachment[];
}

export const voidedVerbId = 'http://adlnet.gov/expapi/verbs/voided';
export const signatureUsageType = 'http://adlnet.gov/expapi/attachments/signature';
