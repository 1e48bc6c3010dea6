import {
  isAcceptedVersion,
  isIri,
  isIrl,
  isLanguageTag,
  isMailtoIri,
  isMediaType,
  isSha2Hex,
  isXapiDuration,
  isXapiTimestamp,
  isXapiUuid,
} from './formats.ts';
import {
  contextActivityKinds,
  interactionComponentLists,
  interactionTypes,
  voidedVerbId,
  type XapiInteractionComponentList,
  type XapiStatement,
} from './types.ts';

/** One rule an incoming statement breaks: the field path (e.g. "context.contextActivities.parent[0].id") and what is wrong. */
export interface XapiFault {
  field: string;
  message: string;
}

export type XapiValidation = { ok: true; statement: XapiStatement } | { ok: false; faults: XapiFault[] };

export interface XapiValidationOptions {
  /** Refuse a statement without an id (PUT, or statements the server only stores as given). */
  requireId?: boolean;
}

type JsonObject = Record<string, unknown>;
type Faults = XapiFault[];

const identifierKeys = ['mbox', 'mbox_sha1sum', 'openid', 'account'] as const;
const statementKeys = ['id', 'actor', 'verb', 'object', 'result', 'context', 'timestamp', 'stored', 'authority', 'version', 'attachments'];
const subStatementKeys = ['objectType', 'actor', 'verb', 'object', 'result', 'context', 'timestamp', 'attachments'];
const forbiddenInSubStatement = ['id', 'stored', 'version', 'authority'];
const objectTypes = ['Activity', 'Agent', 'Group', 'SubStatement', 'StatementRef'];

// Which interaction component lists go with which interactionType (Part Two, 2.4.4.1, "Interaction Components").
const componentListsByType: Record<string, readonly XapiInteractionComponentList[]> = {
  choice: ['choices'],
  sequencing: ['choices'],
  likert: ['scale'],
  matching: ['source', 'target'],
  performance: ['steps'],
};

const iriMessage = 'must be an absolute IRI (for example http://example.com/xapi/verbs/completed)';
const irlMessage = 'must be an absolute IRL (for example https://example.com/page)';

function at(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return path ? `${path}.${key}` : key;
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function has(object: JsonObject, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(object, key);
}

/** Reports a value of the wrong JSON type; null gets its own message because the specification singles it out. */
function typeFault(faults: Faults, path: string, value: unknown, expected: string): void {
  faults.push({ field: path, message: value === null ? 'must not be null' : `must be ${expected}` });
}

function checkObject(faults: Faults, path: string, value: unknown, allowedKeys: readonly string[]): value is JsonObject {
  if (!isObject(value)) {
    typeFault(faults, path, value, 'a JSON object');
    return false;
  }
  for (const key of Object.keys(value)) {
    if (!allowedKeys.includes(key)) faults.push({ field: at(path, key), message: 'is not a property xAPI 1.0.3 allows here' });
  }
  return true;
}

function checkString(
  faults: Faults,
  path: string,
  value: unknown,
  format?: { test: (value: string) => boolean; message: string },
): value is string {
  if (typeof value !== 'string') {
    typeFault(faults, path, value, 'a string');
    return false;
  }
  if (format && !format.test(value)) {
    faults.push({ field: path, message: format.message });
    return false;
  }
  return true;
}

const iri = { test: isIri, message: iriMessage };
const irl = { test: isIrl, message: irlMessage };
const uuid = { test: isXapiUuid, message: 'must be a UUID in standard form (RFC 4122, for example 6f2c1a3e-8b4d-4e5f-9a0b-1c2d3e4f5a6b)' };
const timestamp = {
  test: isXapiTimestamp,
  message: 'must be an ISO 8601 date and time such as 2026-11-30T08:00:00.000Z',
};

function checkBoolean(faults: Faults, path: string, value: unknown): void {
  if (typeof value !== 'boolean') typeFault(faults, path, value, 'true or false');
}

function checkNumber(faults: Faults, path: string, value: unknown): value is number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    typeFault(faults, path, value, 'a number');
    return false;
  }
  return true;
}

function checkRequired(faults: Faults, object: JsonObject, path: string, keys: readonly string[]): void {
  for (const key of keys) {
    if (!has(object, key)) faults.push({ field: at(path, key), message: 'is required' });
  }
}

function checkLanguageMap(faults: Faults, path: string, value: unknown): void {
  if (!isObject(value)) {
    typeFault(faults, path, value, 'a language map (an object such as {"zh-CN": "…"})');
    return;
  }
  for (const [tag, text] of Object.entries(value)) {
    if (!isLanguageTag(tag)) faults.push({ field: path, message: `key "${tag}" is not an RFC 5646 language tag (such as zh-CN or en)` });
    if (typeof text !== 'string') typeFault(faults, at(path, tag), text, 'a string');
  }
}

function checkExtensions(faults: Faults, path: string, value: unknown): void {
  if (!isObject(value)) {
    typeFault(faults, path, value, 'an object whose keys are IRIs');
    return;
  }
  // Values are free: the specification forbids rejecting a statement for its extension values (null included).
  for (const key of Object.keys(value)) {
    if (!isIri(key)) faults.push({ field: path, message: `key "${key}" ${iriMessage}` });
  }
}

/** Checks the inverse functional identifiers of an Agent or Group and returns the names of those present. */
function checkIdentifiers(faults: Faults, path: string, object: JsonObject): string[] {
  const present = identifierKeys.filter((key) => has(object, key));
  for (const key of present) {
    const value = object[key];
    const field = at(path, key);
    if (key === 'mbox') checkString(faults, field, value, { test: isMailtoIri, message: 'must be a mailto IRI such as mailto:name@example.com' });
    if (key === 'mbox_sha1sum') {
      checkString(faults, field, value, {
        test: (text) => /^[0-9a-f]{40}$/i.test(text),
        message: 'must be the hex-encoded SHA-1 hash of a mailto IRI (40 hexadecimal characters)',
      });
    }
    if (key === 'openid') checkString(faults, field, value, { test: isIri, message: 'must be an absolute URI' });
    if (key === 'account' && checkObject(faults, field, value, ['homePage', 'name'])) {
      checkRequired(faults, value, field, ['homePage', 'name']);
      if (has(value, 'homePage')) checkString(faults, at(field, 'homePage'), value.homePage, irl);
      if (has(value, 'name')) {
        checkString(faults, at(field, 'name'), value.name, { test: (text) => text.length > 0, message: 'must not be empty' });
      }
    }
  }
  return present;
}

function describeIdentifiers(present: readonly string[]): string {
  return present.length === 0 ? 'it has none' : `it has ${present.join(' and ')}`;
}

function checkAgent(faults: Faults, path: string, value: unknown, objectTypeRequired: boolean): void {
  if (!checkObject(faults, path, value, ['objectType', 'name', ...identifierKeys])) return;
  if (has(value, 'objectType')) {
    if (value.objectType !== 'Agent') faults.push({ field: at(path, 'objectType'), message: 'must be "Agent"' });
  } else if (objectTypeRequired) {
    faults.push({ field: at(path, 'objectType'), message: 'is required when an Agent is the object of a statement' });
  }
  if (has(value, 'name')) checkString(faults, at(path, 'name'), value.name);
  const present = checkIdentifiers(faults, path, value);
  if (present.length !== 1) {
    faults.push({
      field: path,
      message: `an Agent must have exactly one inverse functional identifier (mbox, mbox_sha1sum, openid or account); ${describeIdentifiers(present)}`,
    });
  }
}

/** Checks a Group and returns how many members it lists (or -1 when the list is unusable). */
function checkGroup(faults: Faults, path: string, value: unknown): number {
  if (!checkObject(faults, path, value, ['objectType', 'name', 'member', ...identifierKeys])) return -1;
  if (value.objectType !== 'Group') faults.push({ field: at(path, 'objectType'), message: 'must be "Group"' });
  if (has(value, 'name')) checkString(faults, at(path, 'name'), value.name);
  const present = checkIdentifiers(faults, path, value);
  if (present.length > 1) {
    faults.push({ field: path, message: `an identified Group must have exactly one inverse functional identifier; ${describeIdentifiers(present)}` });
  }
  if (!has(value, 'member')) {
    if (present.length === 0) {
      faults.push({ field: at(path, 'member'), message: 'is required for an anonymous Group (a Group without an identifier)' });
    }
    return 0;
  }
  const members = value.member;
  const field = at(path, 'member');
  if (!Array.isArray(members)) {
    typeFault(faults, field, members, 'an array of Agents');
    return -1;
  }
  if (members.length === 0 && present.length === 0) {
    faults.push({ field, message: 'must list at least one Agent for an anonymous Group' });
  }
  members.forEach((member, index) => {
    if (isObject(member) && member.objectType === 'Group') {
      faults.push({ field: at(at(field, index), 'objectType'), message: 'a Group\'s members must be Agents, not Groups' });
      return;
    }
    checkAgent(faults, at(field, index), member, false);
  });
  return members.length;
}

/** Checks an Agent or Group in an actor-like position (actor, authority, instructor). */
function checkActor(faults: Faults, path: string, value: unknown): void {
  if (isObject(value) && value.objectType === 'Group') {
    checkGroup(faults, path, value);
    return;
  }
  if (isObject(value) && has(value, 'objectType') && value.objectType !== 'Agent') {
    faults.push({ field: at(path, 'objectType'), message: 'must be "Agent" or "Group"' });
    return;
  }
  checkAgent(faults, path, value, false);
}

function checkVerb(faults: Faults, path: string, value: unknown): void {
  if (!checkObject(faults, path, value, ['id', 'display'])) return;
  checkRequired(faults, value, path, ['id']);
  if (has(value, 'id')) checkString(faults, at(path, 'id'), value.id, iri);
  if (has(value, 'display')) checkLanguageMap(faults, at(path, 'display'), value.display);
}

function checkInteractionComponents(faults: Faults, path: string, value: unknown): void {
  if (!Array.isArray(value)) {
    typeFault(faults, path, value, 'an array of interaction components');
    return;
  }
  const seen = new Set<string>();
  value.forEach((component, index) => {
    const field = at(path, index);
    if (!checkObject(faults, field, component, ['id', 'description'])) return;
    checkRequired(faults, component, field, ['id']);
    if (has(component, 'id') && checkString(faults, at(field, 'id'), component.id, { test: (id) => id.length > 0, message: 'must not be empty' })) {
      const id = component.id as string;
      if (seen.has(id)) faults.push({ field: at(field, 'id'), message: `"${id}" is used twice in this list; ids must be distinct` });
      seen.add(id);
    }
    if (has(component, 'description')) checkLanguageMap(faults, at(field, 'description'), component.description);
  });
}

function checkDefinition(faults: Faults, path: string, value: unknown): void {
  const keys = ['name', 'description', 'type', 'moreInfo', 'extensions', 'interactionType', 'correctResponsesPattern', ...interactionComponentLists];
  if (!checkObject(faults, path, value, keys)) return;
  if (has(value, 'name')) checkLanguageMap(faults, at(path, 'name'), value.name);
  if (has(value, 'description')) checkLanguageMap(faults, at(path, 'description'), value.description);
  if (has(value, 'type')) checkString(faults, at(path, 'type'), value.type, iri);
  if (has(value, 'moreInfo')) checkString(faults, at(path, 'moreInfo'), value.moreInfo, irl);
  if (has(value, 'extensions')) checkExtensions(faults, at(path, 'extensions'), value.extensions);

  let interactionType: string | undefined;
  if (has(value, 'interactionType')) {
    const known = { test: (text: string) => (interactionTypes as readonly string[]).includes(text), message: `must be one of ${interactionTypes.join(', ')}` };
    if (checkString(faults, at(path, 'interactionType'), value.interactionType, known)) interactionType = value.interactionType as string;
  }
  if (has(value, 'correctResponsesPattern')) {
    const field = at(path, 'correctResponsesPattern');
    const pattern = value.correctResponsesPattern;
    if (Array.isArray(pattern)) pattern.forEach((item, index) => checkString(faults, at(field, index), item));
    else typeFault(faults, field, pattern, 'an array of strings');
  }
  const lists = interactionComponentLists.filter((list) => has(value, list));
  for (const list of lists) checkInteractionComponents(faults, at(path, list), value[list]);

  const interactionProperties = [...(has(value, 'correctResponsesPattern') ? ['correctResponsesPattern'] : []), ...lists];
  if (!has(value, 'interactionType') && interactionProperties.length > 0) {
    faults.push({ field: at(path, 'interactionType'), message: `is required when ${interactionProperties.join(' or ')} is given` });
  }
  if (interactionType !== undefined) {
    const allowed = componentListsByType[interactionType] ?? [];
    for (const list of lists) {
      if (!allowed.includes(list)) {
        const takes = allowed.length > 0 ? `takes only ${allowed.join(' and ')}` : 'takes no interaction component lists';
        faults.push({ field: at(path, list), message: `is not allowed with interactionType "${interactionType}", which ${takes}` });
      }
    }
  }
}

function checkActivity(faults: Faults, path: string, value: unknown): void {
  if (!checkObject(faults, path, value, ['objectType', 'id', 'definition'])) return;
  if (has(value, 'objectType') && value.objectType !== 'Activity') {
    faults.push({ field: at(path, 'objectType'), message: 'must be "Activity"' });
  }
  checkRequired(faults, value, path, ['id']);
  if (has(value, 'id')) checkString(faults, at(path, 'id'), value.id, iri);
  if (has(value, 'definition')) checkDefinition(faults, at(path, 'definition'), value.definition);
}

function checkStatementRef(faults: Faults, path: string, value: unknown): void {
  if (!checkObject(faults, path, value, ['objectType', 'id'])) return;
  if (value.objectType !== 'StatementRef') {
    faults.push({ field: at(path, 'objectType'), message: has(value, 'objectType') ? 'must be "StatementRef"' : 'is required and must be "StatementRef"' });
  }
  checkRequired(faults, value, path, ['id']);
  if (has(value, 'id')) checkString(faults, at(path, 'id'), value.id, uuid);
}

function checkObjectProperty(faults: Faults, path: string, value: unknown, inSubStatement: boolean): void {
  if (!isObject(value)) {
    typeFault(faults, path, value, 'a JSON object');
    return;
  }
  if (!has(value, 'objectType')) {
    if (!has(value, 'id') && identifierKeys.some((key) => has(value, key))) {
      faults.push({ field: at(path, 'objectType'), message: 'is required when the object is an Agent or a Group' });
      return;
    }
    checkActivity(faults, path, value);
    return;
  }
  switch (value.objectType) {
    case 'Activity':
      checkActivity(faults, path, value);
      return;
    case 'Agent':
      checkAgent(faults, path, value, true);
      return;
    case 'Group':
      checkGroup(faults, path, value);
      return;
    case 'StatementRef':
      checkStatementRef(faults, path, value);
      return;
    case 'SubStatement':
      if (inSubStatement) faults.push({ field: at(path, 'objectType'), message: 'a SubStatement cannot contain another SubStatement' });
      else checkStatementBody(faults, path, value, { subStatement: true, requireId: false });
      return;
    default:
      faults.push({ field: at(path, 'objectType'), message: `must be one of ${objectTypes.join(', ')} (exactly, case-sensitive)` });
  }
}

function checkScore(faults: Faults, path: string, value: unknown): void {
  if (!checkObject(faults, path, value, ['scaled', 'raw', 'min', 'max'])) return;
  const numbers: Record<string, number> = {};
  for (const key of ['scaled', 'raw', 'min', 'max']) {
    if (has(value, key) && checkNumber(faults, at(path, key), value[key])) numbers[key] = value[key] as number;
  }
  const { scaled, raw, min, max } = numbers;
  if (scaled !== undefined && (scaled < -1 || scaled > 1)) faults.push({ field: at(path, 'scaled'), message: 'must be between -1 and 1 inclusive' });
  if (min !== undefined && max !== undefined && !(min < max)) faults.push({ field: at(path, 'min'), message: 'must be less than max' });
  if (raw !== undefined && min !== undefined && raw < min) faults.push({ field: at(path, 'raw'), message: 'must not be less than min' });
  if (raw !== undefined && max !== undefined && raw > max) faults.push({ field: at(path, 'raw'), message: 'must not be greater than max' });
}

function checkResult(faults: Faults, path: string, value: unknown): void {
  if (!checkObject(faults, path, value, ['score', 'success', 'completion', 'response', 'duration', 'extensions'])) return;
  if (has(value, 'score')) checkScore(faults, at(path, 'score'), value.score);
  if (has(value, 'success')) checkBoolean(faults, at(path, 'success'), value.success);
  if (has(value, 'completion')) checkBoolean(faults, at(path, 'completion'), value.completion);
  if (has(value, 'response')) checkString(faults, at(path, 'response'), value.response);
  if (has(value, 'duration')) {
    checkString(faults, at(path, 'duration'), value.duration, {
      test: isXapiDuration,
      message: 'must be an ISO 8601 duration such as PT1M30S, P3Y or P4W',
    });
  }
  if (has(value, 'extensions')) checkExtensions(faults, at(path, 'extensions'), value.extensions);
}

function checkContextActivities(faults: Faults, path: string, value: unknown): void {
  if (!checkObject(faults, path, value, contextActivityKinds)) return;
  for (const kind of contextActivityKinds) {
    if (!has(value, kind)) continue;
    const list = value[kind];
    const field = at(path, kind);
    if (Array.isArray(list)) list.forEach((activity, index) => checkActivity(faults, at(field, index), activity));
    else if (isObject(list)) checkActivity(faults, field, list);
    else typeFault(faults, field, list, 'an Activity or an array of Activities');
  }
}

function checkContext(faults: Faults, path: string, value: unknown, objectIsActivity: boolean): void {
  const keys = ['registration', 'instructor', 'team', 'contextActivities', 'revision', 'platform', 'language', 'statement', 'extensions'];
  if (!checkObject(faults, path, value, keys)) return;
  if (has(value, 'registration')) checkString(faults, at(path, 'registration'), value.registration, uuid);
  if (has(value, 'instructor')) checkActor(faults, at(path, 'instructor'), value.instructor);
  if (has(value, 'team')) checkGroup(faults, at(path, 'team'), value.team);
  if (has(value, 'contextActivities')) checkContextActivities(faults, at(path, 'contextActivities'), value.contextActivities);
  for (const key of ['revision', 'platform']) {
    if (!has(value, key)) continue;
    checkString(faults, at(path, key), value[key]);
    if (!objectIsActivity) faults.push({ field: at(path, key), message: 'may only be used when the statement\'s object is an Activity' });
  }
  if (has(value, 'language')) {
    checkString(faults, at(path, 'language'), value.language, { test: isLanguageTag, message: 'must be an RFC 5646 language tag such as zh-CN' });
  }
  if (has(value, 'statement')) checkStatementRef(faults, at(path, 'statement'), value.statement);
  if (has(value, 'extensions')) checkExtensions(faults, at(path, 'extensions'), value.extensions);
}

function checkAttachment(faults: Faults, path: string, value: unknown): void {
  const keys = ['usageType', 'display', 'description', 'contentType', 'length', 'sha2', 'fileUrl'];
  if (!checkObject(faults, path, value, keys)) return;
  checkRequired(faults, value, path, ['usageType', 'display', 'contentType', 'length', 'sha2']);
  if (has(value, 'usageType')) checkString(faults, at(path, 'usageType'), value.usageType, iri);
  if (has(value, 'display')) checkLanguageMap(faults, at(path, 'display'), value.display);
  if (has(value, 'description')) checkLanguageMap(faults, at(path, 'description'), value.description);
  if (has(value, 'contentType')) {
    checkString(faults, at(path, 'contentType'), value.contentType, { test: isMediaType, message: 'must be an Internet media type such as image/png' });
  }
  if (has(value, 'length')) {
    const length = value.length;
    if (typeof length !== 'number' || !Number.isInteger(length) || length < 0) typeFault(faults, at(path, 'length'), length, 'a whole number of octets (0 or more)');
  }
  if (has(value, 'sha2')) {
    checkString(faults, at(path, 'sha2'), value.sha2, { test: isSha2Hex, message: 'must be a hex-encoded SHA-2 hash (64, 96 or 128 hexadecimal characters for SHA-256, -384, -512)' });
  }
  if (has(value, 'fileUrl')) checkString(faults, at(path, 'fileUrl'), value.fileUrl, irl);
}

function checkStatementBody(faults: Faults, path: string, value: JsonObject, options: { subStatement: boolean; requireId: boolean }): void {
  const { subStatement } = options;
  for (const key of Object.keys(value)) {
    if (subStatement && forbiddenInSubStatement.includes(key)) {
      faults.push({ field: at(path, key), message: 'a SubStatement must not have id, stored, version or authority' });
    } else if (!(subStatement ? subStatementKeys : statementKeys).includes(key)) {
      faults.push({ field: at(path, key), message: 'is not a property xAPI 1.0.3 allows here' });
    }
  }
  checkRequired(faults, value, path, ['actor', 'verb', 'object']);
  if (options.requireId && !has(value, 'id')) faults.push({ field: at(path, 'id'), message: 'is required' });
  if (!subStatement && has(value, 'id')) checkString(faults, at(path, 'id'), value.id, uuid);
  if (has(value, 'actor')) checkActor(faults, at(path, 'actor'), value.actor);
  if (has(value, 'verb')) checkVerb(faults, at(path, 'verb'), value.verb);
  if (has(value, 'object')) checkObjectProperty(faults, at(path, 'object'), value.object, subStatement);
  if (isObject(value.verb) && value.verb.id === voidedVerbId && !(isObject(value.object) && value.object.objectType === 'StatementRef')) {
    faults.push({ field: at(path, 'object'), message: `must be a StatementRef when the verb is ${voidedVerbId}` });
  }
  if (has(value, 'result')) checkResult(faults, at(path, 'result'), value.result);
  if (has(value, 'context')) {
    const object = value.object;
    const objectIsActivity = isObject(object) && (!has(object, 'objectType') || object.objectType === 'Activity');
    checkContext(faults, at(path, 'context'), value.context, objectIsActivity);
  }
  if (has(value, 'timestamp')) checkString(faults, at(path, 'timestamp'), value.timestamp, timestamp);
  if (subStatement) {
    if (has(value, 'attachments')) checkAttachments(faults, at(path, 'attachments'), value.attachments);
    return;
  }
  if (has(value, 'stored')) checkString(faults, at(path, 'stored'), value.stored, timestamp);
  if (has(value, 'authority')) {
    const field = at(path, 'authority');
    checkActor(faults, field, value.authority);
    // Part Two, 2.4.9: a Group authority only exists in 3-legged OAuth, as the application and the user together.
    const authority = value.authority;
    if (isObject(authority) && authority.objectType === 'Group' && !(Array.isArray(authority.member) && authority.member.length === 2)) {
      faults.push({ field, message: 'a Group authority must have exactly two Agent members (the application and the user)' });
    }
  }
  if (has(value, 'version')) {
    checkString(faults, at(path, 'version'), value.version, { test: isAcceptedVersion, message: 'must start with 1.0. (for example 1.0.0); other versions are refused' });
  }
  if (has(value, 'attachments')) checkAttachments(faults, at(path, 'attachments'), value.attachments);
}

function checkAttachments(faults: Faults, path: string, value: unknown): void {
  if (!Array.isArray(value)) {
    typeFault(faults, path, value, 'an array of Attachments');
    return;
  }
  value.forEach((attachment, index) => checkAttachment(faults, at(path, index), attachment));
}

/** Returns a copy in which every context activity value is an array, as the LRS must return it. */
function normalise(statement: JsonObject): XapiStatement {
  // Copies only the objects it changes: a deep copy of every statement cost more than validating it.
  const withContextArrays = (holder: JsonObject): JsonObject => {
    const context = holder.context;
    if (!isObject(context) || !isObject(context.contextActivities)) return { ...holder };
    const activities = { ...context.contextActivities };
    for (const kind of contextActivityKinds) {
      if (isObject(activities[kind])) activities[kind] = [activities[kind]];
    }
    return { ...holder, context: { ...context, contextActivities: activities } };
  };
  const copy = withContextArrays(statement);
  if (isObject(copy.object) && copy.object.objectType === 'SubStatement') copy.object = withContextArrays(copy.object);
  return copy as unknown as XapiStatement;
}

/**
 * Validates an incoming statement against every data rule of xAPI 1.0.3 and returns it with context activities as
 * arrays, or every fault found. Never throws, whatever the input.
 */
export function validateXapiStatement(input: unknown, options: XapiValidationOptions = {}): XapiValidation {
  const faults: Faults = [];
  try {
    if (!isObject(input)) {
      typeFault(faults, 'statement', input, 'a JSON object');
      return { ok: false, faults };
    }
    checkStatementBody(faults, '', input, { subStatement: false, requireId: options.requireId ?? false });
    return faults.length > 0 ? { ok: false, faults } : { ok: true, statement: normalise(input) };
  } catch {
    // Only reachable through exotic inputs (getters, cycles) that JSON.parse never produces.
    return { ok: false, faults: [...faults, { field: 'statement', message: 'could not be read as a JSON statement' }] };
  }
}

export type XapiBatchValidation = { ok: true; statements: XapiStatement[] } | { ok: false; faults: XapiFault[] };

/**
 * Validates the body of POST /statements (one statement or an array) and refuses a batch in which two statements
 * share an id, as the specification asks. Fault fields of an array start with the index, e.g. "[2].verb.id".
 */
export function validateXapiStatements(input: unknown, options: XapiValidationOptions = {}): XapiBatchValidation {
  const items = Array.isArray(input) ? input : [input];
  const faults: Faults = [];
  const statements: XapiStatement[] = [];
  const seenIds = new Map<string, number>();
  items.forEach((item, index) => {
    const result = validateXapiStatement(item, options);
    const prefix = Array.isArray(input) ? `[${index}]` : '';
    if (!result.ok) {
      for (const fault of result.faults) {
        faults.push({ field: prefix ? (fault.field === 'statement' ? prefix : `${prefix}.${fault.field}`) : fault.field, message: fault.message });
      }
      return;
    }
    statements.push(result.statement);
    const id = result.statement.id?.toLowerCase();
    if (id === undefined) return;
    const first = seenIds.get(id);
    if (first !== undefined) faults.push({ field: `${prefix}.id`, message: `repeats the id of statement [${first}]; a batch must not contain two statements with the same id` });
    else seenIds.set(id, index);
  });
  if (Array.isArray(input) && input.length === 0) faults.push({ field: 'statements', message: 'must contain at least one statement' });
  return faults.length > 0 ? { ok: false, faults } : { ok: true, statements };
}
