import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { validateXapiStatement, validateXapiStatements } from '../../../../src/core/xapi/validate-xapi-statement.ts';
import {
  attemptedStatement,
  exampleObjects,
  interactionDefinitions,
  longStatement,
  multipartStatement,
  plannedSubStatement,
  signedStatement,
  simplestStatement,
  simpleStatement,
  statementRefComment,
  voidingStatement,
} from './spec-examples.ts';

type Json = Record<string, any>;

const base = (): Json => ({
  id: '6f2c1a3e-8b4d-4e5f-9a0b-1c2d3e4f5a6b',
  actor: { objectType: 'Agent', name: '张三', account: { homePage: 'https://learn.example.com', name: 'u-1' } },
  verb: { id: 'http://adlnet.gov/expapi/verbs/answered', display: { 'zh-CN': '回答了' } },
  object: { objectType: 'Activity', id: 'https://learn.example.com/xapi/activities/question/q1' },
  result: { score: { scaled: 0.5, raw: 1, min: 0, max: 2 }, success: false, duration: 'PT12.5S', response: 'a' },
  context: {
    registration: '0e9d8c7b-6a5f-4e3d-8c2b-1a0f9e8d7c6b',
    contextActivities: { parent: [{ id: 'https://learn.example.com/xapi/activities/quiz/q' }] },
  },
  timestamp: '2026-11-27T08:00:00+08:00',
});

/** Applies a change to a valid statement and returns the faults as "field: message". */
function faults(change: (statement: Json) => void, options?: { requireId?: boolean }): string[] {
  const statement = base();
  change(statement);
  const result = validateXapiStatement(statement, options);
  return result.ok ? [] : result.faults.map((fault) => `${fault.field}: ${fault.message}`);
}

/** Asserts that a change produces a fault on the given field whose message contains the given words. */
function expectFault(change: (statement: Json) => void, field: string, words: string): void {
  const found = faults(change);
  expect(found, `expected a fault on ${field}`).toContainEqual(expect.stringMatching(new RegExp(`^${field.replace(/[.[\]]/g, '\\$&')}: .*${words}`)));
}

describe('validateXapiStatement: the specification\'s own examples', () => {
  test.each([
    ['the simplest statement (2.4 example)', simplestStatement],
    ['the voiding statement (2.3.2 example)', voidingStatement],
    ['the StatementRef comment (2.4.4.3 example)', statementRefComment],
    ['the planned SubStatement (2.4.4.3 example)', plannedSubStatement],
    ['the simple statement (Appendix A)', simpleStatement],
    ['the attempted statement with a duration in seconds (Appendix A)', attemptedStatement],
    ['the long statement with a Group actor, stored and authority (Appendix A)', longStatement],
    ['the signed statement (Appendix D)', signedStatement],
    ['the multipart statement (Part Three 1.5.2)', multipartStatement],
  ])('accepts %s', (_name, statement) => {
    const result = validateXapiStatement(statement);
    expect(result.ok ? [] : result.faults).toEqual([]);
  });

  test.each(Object.entries(exampleObjects))('accepts the Appendix B %s object', (_kind, object) => {
    const result = validateXapiStatement({ ...simplestStatement, object });
    expect(result.ok ? [] : result.faults).toEqual([]);
  });

  test.each(Object.entries(interactionDefinitions))('accepts the Appendix C %s interaction definition', (_type, definition) => {
    const result = validateXapiStatement({ ...simplestStatement, object: { id: 'http://example.com/q', definition } });
    expect(result.ok ? [] : result.faults).toEqual([]);
  });

  test('returns a single context activity as an array of one ("The LRS MUST return every value … as an array")', () => {
    const result = validateXapiStatement({ ...simplestStatement, context: { contextActivities: { parent: { id: 'http://example.com/p' } } } });
    expect(result.ok && result.statement.context?.contextActivities?.parent).toEqual([{ id: 'http://example.com/p' }]);
  });

  test('does not change the caller\'s object while normalising', () => {
    const input = { ...simplestStatement, context: { contextActivities: { other: { id: 'http://example.com/o' } } } };
    validateXapiStatement(input);
    expect(input.context.contextActivities.other).toEqual({ id: 'http://example.com/o' });
  });
});

describe('validateXapiStatement: statement properties (2.2, 2.4)', () => {
  test('accepts our own statement shape', () => {
    expect(faults(() => {})).toEqual([]);
  });

  test.each([
    ['actor', 'actor: is required'],
    ['verb', 'verb: is required'],
    ['object', 'object: is required'],
  ])('refuses a statement without %s ("A Statement MUST use actor, verb, and object")', (key, message) => {
    expect(faults((s) => delete s[key])).toContain(message);
  });

  test('accepts a statement without an id, since the LRS assigns one', () => {
    expect(faults((s) => delete s.id)).toEqual([]);
  });

  test('refuses a statement without an id when the caller requires one', () => {
    expect(faults((s) => delete s.id, { requireId: true })).toEqual(['id: is required']);
  });

  test('refuses an unknown top-level property ("the LRS SHOULD* reject Statements containing such additional properties")', () => {
    expect(faults((s) => (s.foo = 1))).toEqual(['foo: is not a property xAPI 1.0.3 allows here']);
  });

  test('refuses a property whose case does not match the specification ("where the case of a key does not match")', () => {
    expect(faults((s) => {
      s.Verb = s.verb;
      delete s.verb;
    })).toEqual(['Verb: is not a property xAPI 1.0.3 allows here', 'verb: is required']);
  });

  test('refuses unknown properties nested deep inside the statement', () => {
    expectFault((s) => (s.result.score.percent = 50), 'result.score.percent', 'is not a property');
    expectFault((s) => (s.context.contextActivities.parent[0].name = 'x'), 'context.contextActivities.parent[0].name', 'is not a property');
    expectFault((s) => (s.actor.account.email = 'x'), 'actor.account.email', 'is not a property');
  });

  test('refuses null values outside extensions ("with any null values (except inside extensions)")', () => {
    expect(faults((s) => (s.result.response = null))).toEqual(['result.response: must not be null']);
    expect(faults((s) => (s.context = null))).toEqual(['context: must not be null']);
  });

  test('accepts null values inside extensions ("An LRS MUST NOT reject a Statement based on the values of the extensions map")', () => {
    expect(faults((s) => (s.result.extensions = { 'http://example.com/ext': null }))).toEqual([]);
  });

  test('refuses a statement that is not a JSON object', () => {
    for (const input of [null, 'statement', 42, [], true]) {
      const result = validateXapiStatement(input);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.faults[0]!.field).toBe('statement');
    }
  });

  test('reports every fault at once, each naming its field', () => {
    const found = faults((s) => {
      s.verb.id = 'answered';
      s.result.score.scaled = 2;
    });
    expect(found).toEqual([
      'verb.id: must be an absolute IRI (for example http://example.com/xapi/verbs/completed)',
      'result.score.scaled: must be between -1 and 1 inclusive',
    ]);
  });
});

describe('validateXapiStatement: id, UUIDs (2.4.1, 4.4)', () => {
  test.each(['123', '', '6f2c1a3e8b4d4e5f9a0b1c2d3e4f5a6b', '{6f2c1a3e-8b4d-4e5f-9a0b-1c2d3e4f5a6b}', '6f2c1a3e-8b4d-4e5f-9a0b-1c2d3e4f5a6g'])(
    'refuses the id %j, which is not a UUID in standard string form',
    (id) => {
      expectFault((s) => (s.id = id), 'id', 'must be a UUID');
    },
  );

  test('accepts UUIDs of any version and upper-case hex digits ("all versions … are valid")', () => {
    expect(faults((s) => (s.id = '6F2C1A3E-8B4D-1E5F-9A0B-1C2D3E4F5A6B'))).toEqual([]);
    expect(faults((s) => (s.id = '017f22e2-79b0-7cc3-98c4-dc0c0c07398f'))).toEqual([]);
  });

  test('refuses an id that is a number ("strings where numbers are required" in reverse)', () => {
    expect(faults((s) => (s.id = 12345))).toEqual(['id: must be a string']);
  });

  test('refuses a registration that is not a UUID', () => {
    expectFault((s) => (s.context.registration = 'reg-1'), 'context.registration', 'must be a UUID');
  });
});

describe('validateXapiStatement: Agents (2.4.2.1, 2.4.2.3, 2.4.2.4)', () => {
  test.each([
    ['mbox', { mbox: 'mailto:zhang@example.com' }],
    ['mbox_sha1sum', { mbox_sha1sum: 'ebd31e95054c018b10727ccffd2ef2ec3a016ee9' }],
    ['openid', { openid: 'http://toby.openid.example.org/' }],
    ['account', { account: { homePage: 'http://www.example.com', name: '1625378' } }],
  ])('accepts an Agent identified only by %s', (_name, actor) => {
    expect(faults((s) => (s.actor = actor))).toEqual([]);
  });

  test('refuses an Agent with two identifiers ("MUST NOT include more than one (1) Inverse Functional Identifier")', () => {
    expectFault((s) => (s.actor.mbox = 'mailto:a@example.com'), 'actor', 'exactly one inverse functional identifier .*it has mbox and account');
  });

  test('refuses an Agent with no identifier ("MUST be identified by one (1) of the four types")', () => {
    expectFault((s) => (s.actor = { name: '张三' }), 'actor', 'it has none');
  });

  test.each(['zhang@example.com', 'mailto:', 'mailto:zhang', 'mailto:zhang@', 'http://example.com', 'mailto:a b@example.com'])(
    'refuses the mbox %j, which is not a mailto IRI',
    (mbox) => {
      expectFault((s) => (s.actor = { mbox }), 'actor.mbox', 'must be a mailto IRI');
    },
  );

  test.each(['abc', 'ebd31e95054c018b10727ccffd2ef2ec3a016ee', 'zbd31e95054c018b10727ccffd2ef2ec3a016ee9'])('refuses the mbox_sha1sum %j', (sum) => {
    expectFault((s) => (s.actor = { mbox_sha1sum: sum }), 'actor.mbox_sha1sum', '40 hexadecimal characters');
  });

  test('refuses an openid that is not an absolute URI', () => {
    expectFault((s) => (s.actor = { openid: 'toby.openid.example.org' }), 'actor.openid', 'absolute URI');
  });

  test('refuses an account whose homePage is not an IRL', () => {
    expectFault((s) => (s.actor.account.homePage = 'learn.example.com'), 'actor.account.homePage', 'must be an absolute IRL');
  });

  test('refuses an account without a name or without a homePage', () => {
    expect(faults((s) => delete s.actor.account.name)).toContain('actor.account.name: is required');
    expect(faults((s) => delete s.actor.account.homePage)).toContain('actor.account.homePage: is required');
  });

  test('refuses an Agent name that is not a string', () => {
    expect(faults((s) => (s.actor.name = 7))).toEqual(['actor.name: must be a string']);
  });

  test('refuses an actor objectType in the wrong case ("where the case of a value restricted to enumerated values does not match")', () => {
    expect(faults((s) => (s.actor.objectType = 'agent'))).toEqual(['actor.objectType: must be "Agent" or "Group"']);
  });

  test('refuses an Agent with a member list (only Groups have members)', () => {
    expectFault((s) => (s.actor.member = []), 'actor.member', 'is not a property');
  });
});

describe('validateXapiStatement: Groups (2.4.2.2)', () => {
  const members = [{ mbox: 'mailto:a@example.com' }, { openid: 'http://b.example.com/' }];

  test('accepts an anonymous Group listing its members', () => {
    expect(faults((s) => (s.actor = { objectType: 'Group', name: '一组', member: members }))).toEqual([]);
  });

  test('accepts an identified Group without members ("MAY include a member property")', () => {
    expect(faults((s) => (s.actor = { objectType: 'Group', mbox: 'mailto:team@example.com' }))).toEqual([]);
  });

  test('refuses an anonymous Group without members ("An Anonymous Group MUST include a member property")', () => {
    expectFault((s) => (s.actor = { objectType: 'Group', name: '一组' }), 'actor.member', 'is required for an anonymous Group');
  });

  test('refuses an anonymous Group with an empty member list', () => {
    expectFault((s) => (s.actor = { objectType: 'Group', member: [] }), 'actor.member', 'at least one Agent');
  });

  test('refuses a Group inside a Group ("MUST NOT contain Group Objects in the member")', () => {
    expectFault(
      (s) => (s.actor = { objectType: 'Group', member: [{ objectType: 'Group', mbox: 'mailto:g@example.com' }] }),
      'actor.member[0].objectType',
      'members must be Agents',
    );
  });

  test('refuses an identified Group with two identifiers ("MUST include exactly one (1) Inverse Functional Identifier")', () => {
    expectFault(
      (s) => (s.actor = { objectType: 'Group', mbox: 'mailto:t@example.com', openid: 'http://t.example.com/' }),
      'actor',
      'identified Group must have exactly one',
    );
  });

  test('checks each member as an Agent', () => {
    expectFault((s) => (s.actor = { objectType: 'Group', member: [{ mbox: 'a@example.com' }] }), 'actor.member[0].mbox', 'mailto');
  });

  test('treats an actor with members but no objectType as an Agent and refuses it ("objectType … Group. Required")', () => {
    expectFault((s) => (s.actor = { mbox: 'mailto:t@example.com', member: members }), 'actor.member', 'is not a property');
  });

  test('refuses a team that is not a Group', () => {
    expectFault((s) => (s.context.team = { mbox: 'mailto:t@example.com' }), 'context.team.objectType', 'must be "Group"');
  });

  test('accepts a Group as instructor ("Agent (MAY be a Group)")', () => {
    expect(faults((s) => (s.context.instructor = { objectType: 'Group', member: members }))).toEqual([]);
  });
});

describe('validateXapiStatement: verb and voiding (2.4.3, 2.3.2)', () => {
  test('refuses a verb without an id', () => {
    expect(faults((s) => delete s.verb.id)).toEqual(['verb.id: is required']);
  });

  test.each(['answered', '', 'http://example.com/has space', '//example.com/verb', '#answered'])('refuses the verb id %j, which is not an absolute IRI', (id) => {
    expectFault((s) => (s.verb.id = id), 'verb.id', 'absolute IRI');
  });

  test('accepts an IRI with non-ASCII characters ("IRIs can contain some characters outside of the ASCII character set")', () => {
    expect(faults((s) => (s.verb.id = 'http://example.com/فعل/خواندن'))).toEqual([]);
  });

  test('refuses a voiding statement whose object is an Activity ("the Object of that voiding Statement MUST have the objectType … StatementRef")', () => {
    expectFault((s) => (s.verb.id = 'http://adlnet.gov/expapi/verbs/voided'), 'object', 'must be a StatementRef when the verb is http://adlnet.gov/expapi/verbs/voided');
  });

  test('refuses a voiding statement whose StatementRef has no id', () => {
    expect(faults((s) => {
      s.verb.id = 'http://adlnet.gov/expapi/verbs/voided';
      s.object = { objectType: 'StatementRef' };
      delete s.context;
    })).toEqual(['object.id: is required']);
  });
});

describe('validateXapiStatement: language maps (4.2)', () => {
  test.each(['en', 'zh-CN', 'zh-Hans-CN', 'es-419', 'sl-rozaj-biske', 'de-CH-1901', 'en-a-myext-b-another', 'x-private', 'i-klingon', 'tlh', 'en-US-x-twain'])(
    'accepts the RFC 5646 tag %s',
    (tag) => {
      expect(faults((s) => (s.verb.display = { [tag]: 'text' }))).toEqual([]);
    },
  );

  test.each(['zh CN', 'en_US', '', 'english-us-123456789', 'e', 'en--US', 'a-DE', 'en-a'])('refuses the language map key %j ("MUST at least validate that the sequence of token lengths … matches")', (tag) => {
    expectFault((s) => (s.verb.display = { [tag]: 'text' }), 'verb.display', 'is not an RFC 5646 language tag');
  });

  test('refuses a language map value that is not a string', () => {
    expect(faults((s) => (s.verb.display = { en: 5 }))).toEqual(['verb.display.en: must be a string']);
  });

  test('refuses a display that is a plain string instead of a language map', () => {
    expectFault((s) => (s.verb.display = 'answered'), 'verb.display', 'must be a language map');
  });

  test('refuses context.language that is not a language tag', () => {
    expectFault((s) => (s.context.language = 'Chinese (China)'), 'context.language', 'RFC 5646');
  });
});

describe('validateXapiStatement: objects (2.4.4)', () => {
  test('treats an object without objectType as an Activity ("If not specified, the objectType is assumed to be Activity")', () => {
    expect(faults((s) => delete s.object.objectType)).toEqual([]);
  });

  test.each(['activity', 'ACTIVITY', 'Statement', 'Person'])('refuses the objectType %j ("objectType values are case-sensitive")', (objectType) => {
    expectFault((s) => (s.object.objectType = objectType), 'object.objectType', 'must be one of Activity, Agent, Group, SubStatement, StatementRef');
  });

  test('refuses an Agent object without objectType ("MUST specify an objectType property")', () => {
    expectFault((s) => {
      s.object = { mbox: 'mailto:ben@example.com' };
      delete s.context;
    }, 'object.objectType', 'is required when the object is an Agent or a Group');
  });

  test('accepts an Agent object with objectType', () => {
    expect(faults((s) => {
      s.object = { objectType: 'Agent', mbox: 'mailto:ben@example.com' };
      delete s.context;
    })).toEqual([]);
  });

  test('refuses an Activity without an id', () => {
    expect(faults((s) => delete s.object.id)).toEqual(['object.id: is required']);
  });

  test('refuses an Activity id that is a relative IRI ("IRI fragments (sometimes called relative IRLs) are not valid IRIs")', () => {
    expectFault((s) => (s.object.id = '/xapi/activities/q1'), 'object.id', 'absolute IRI');
  });

  test('refuses a StatementRef id that is not a UUID', () => {
    expectFault((s) => {
      s.object = { objectType: 'StatementRef', id: 'http://example.com/s/1' };
      delete s.context;
    }, 'object.id', 'must be a UUID');
  });

  test('refuses extra properties on a StatementRef', () => {
    expectFault((s) => {
      s.object = { objectType: 'StatementRef', id: '8f87ccde-bb56-4c2e-ab83-44982ef22df0', definition: {} };
      delete s.context;
    }, 'object.definition', 'is not a property');
  });

  test('refuses a context statement that is not a StatementRef', () => {
    expectFault((s) => (s.context.statement = { id: '8f87ccde-bb56-4c2e-ab83-44982ef22df0' }), 'context.statement.objectType', 'StatementRef');
  });
});

describe('validateXapiStatement: Activity definitions and interactions (2.4.4.1)', () => {
  const withDefinition = (definition: Json) => (s: Json) => (s.object.definition = definition);

  test('refuses a definition type that is not an IRI', () => {
    expectFault(withDefinition({ type: 'question' }), 'object.definition.type', 'absolute IRI');
  });

  test('refuses a moreInfo that is not an IRL', () => {
    expectFault(withDefinition({ moreInfo: 'see the manual' }), 'object.definition.moreInfo', 'absolute IRL');
  });

  test('refuses an unknown interactionType ("Interaction Activities MUST have a valid interactionType")', () => {
    expectFault(withDefinition({ interactionType: 'multiple-choice' }), 'object.definition.interactionType', 'must be one of true-false, choice');
  });

  test('refuses an interactionType in the wrong case', () => {
    expectFault(withDefinition({ interactionType: 'Choice' }), 'object.definition.interactionType', 'must be one of');
  });

  test('refuses choices without an interactionType', () => {
    expectFault(withDefinition({ choices: [{ id: 'a' }] }), 'object.definition.interactionType', 'is required when choices is given');
  });

  test('refuses a correctResponsesPattern without an interactionType', () => {
    expectFault(withDefinition({ correctResponsesPattern: ['a'] }), 'object.definition.interactionType', 'is required when correctResponsesPattern');
  });

  test.each([
    ['true-false', 'choices'],
    ['choice', 'scale'],
    ['likert', 'choices'],
    ['matching', 'steps'],
    ['performance', 'source'],
    ['sequencing', 'target'],
    ['fill-in', 'choices'],
    ['numeric', 'scale'],
    ['other', 'steps'],
  ])('refuses a %s interaction with a %s list ("supported interaction component list(s)")', (interactionType, list) => {
    expectFault(withDefinition({ interactionType, [list]: [{ id: 'a' }] }), `object.definition.${list}`, `is not allowed with interactionType "${interactionType}"`);
  });

  test('refuses duplicate component ids ("Within an array of interaction components, all id values MUST be distinct")', () => {
    expectFault(withDefinition({ interactionType: 'choice', choices: [{ id: 'a' }, { id: 'a' }] }), 'object.definition.choices[1].id', 'used twice');
  });

  test('refuses a component without an id or with a bad description', () => {
    expect(faults(withDefinition({ interactionType: 'likert', scale: [{ description: { en: 'x' } }] }))).toEqual(['object.definition.scale[0].id: is required']);
    expectFault(withDefinition({ interactionType: 'likert', scale: [{ id: 'a', description: 'x' }] }), 'object.definition.scale[0].description', 'language map');
  });

  test('refuses a correctResponsesPattern that is a string or holds numbers', () => {
    expectFault(withDefinition({ interactionType: 'numeric', correctResponsesPattern: '4[:]' }), 'object.definition.correctResponsesPattern', 'array of strings');
    expect(faults(withDefinition({ interactionType: 'numeric', correctResponsesPattern: [4] }))).toEqual(['object.definition.correctResponsesPattern[0]: must be a string']);
  });

  test('accepts an empty correctResponsesPattern ("there is no correct answer")', () => {
    expect(faults(withDefinition({ interactionType: 'choice', correctResponsesPattern: [], choices: [{ id: 'a' }] }))).toEqual([]);
  });

  test('refuses extension keys that are not IRIs ("The keys of an extensions map MUST be IRIs")', () => {
    expectFault(withDefinition({ extensions: { room: 'Kilby' } }), 'object.definition.extensions', 'key "room" must be an absolute IRI');
  });
});

describe('validateXapiStatement: SubStatements (2.4.4.3)', () => {
  const sub = (): Json => JSON.parse(JSON.stringify(plannedSubStatement));
  const subFaults = (change: (statement: Json) => void) => {
    const statement = sub();
    change(statement);
    const result = validateXapiStatement(statement);
    return result.ok ? [] : result.faults.map((fault) => `${fault.field}: ${fault.message}`);
  };

  test.each(['id', 'stored', 'version', 'authority'])('refuses a SubStatement with %s ("MUST NOT have the id, stored, version or authority properties")', (key) => {
    const value = key === 'authority' ? { mbox: 'mailto:a@example.com' } : key === 'version' ? '1.0.0' : key === 'id' ? '8f87ccde-bb56-4c2e-ab83-44982ef22df0' : '2013-05-18T05:32:34.804Z';
    expect(subFaults((s) => (s.object[key] = value))).toEqual([`object.${key}: a SubStatement must not have id, stored, version or authority`]);
  });

  test('refuses a SubStatement inside a SubStatement ("MUST NOT contain a SubStatement of its own")', () => {
    expect(subFaults((s) => (s.object.object = sub().object))).toEqual(['object.object.objectType: a SubStatement cannot contain another SubStatement']);
  });

  test('validates a SubStatement as a Statement ("MUST be validated as a Statement")', () => {
    expect(subFaults((s) => delete s.object.verb)).toEqual(['object.verb: is required']);
  });

  test('accepts a SubStatement with a future timestamp and a context ("A SubStatement MAY have a timestamp … in the future")', () => {
    expect(subFaults((s) => {
      s.object.timestamp = '2099-01-01T00:00:00Z';
      s.object.context = { contextActivities: { parent: { id: 'http://example.com/p' } } };
    })).toEqual([]);
  });

  test('returns the SubStatement\'s single context activities as arrays', () => {
    const statement = sub();
    statement.object.context = { contextActivities: { grouping: { id: 'http://example.com/g' } } };
    const result = validateXapiStatement(statement);
    expect(result.ok && (result.statement.object as Json).context.contextActivities.grouping).toEqual([{ id: 'http://example.com/g' }]);
  });
});

describe('validateXapiStatement: result and score (2.4.5)', () => {
  test.each([
    [1.01, 'must be between -1 and 1 inclusive'],
    [-1.5, 'must be between -1 and 1 inclusive'],
  ])('refuses scaled %s', (scaled, message) => {
    expect(faults((s) => (s.result.score.scaled = scaled))).toEqual([`result.score.scaled: ${message}`]);
  });

  test('accepts scaled at exactly -1 and 1 ("between -1 and 1, inclusive")', () => {
    expect(faults((s) => (s.result.score.scaled = -1))).toEqual([]);
    expect(faults((s) => (s.result.score.scaled = 1))).toEqual([]);
  });

  test('refuses raw outside min and max', () => {
    expect(faults((s) => (s.result.score.raw = 3))).toEqual(['result.score.raw: must not be greater than max']);
    expect(faults((s) => (s.result.score.raw = -1))).toEqual(['result.score.raw: must not be less than min']);
  });

  test('refuses min equal to max ("Decimal number less than max")', () => {
    expect(faults((s) => Object.assign(s.result.score, { min: 2, raw: 2 }))).toEqual(['result.score.min: must be less than max']);
  });

  test('accepts raw with no min or max ("if present, otherwise unrestricted")', () => {
    expect(faults((s) => (s.result.score = { raw: 1234 }))).toEqual([]);
  });

  test('refuses a score given as a string ("strings where numbers are required, even if those strings contain numbers")', () => {
    expect(faults((s) => (s.result.score.raw = '1'))).toEqual(['result.score.raw: must be a number']);
  });

  test('refuses success given as a string ("strings where booleans are required")', () => {
    expect(faults((s) => (s.result.success = 'true'))).toEqual(['result.success: must be true or false']);
    expect(faults((s) => (s.result.completion = 1))).toEqual(['result.completion: must be true or false']);
  });

  test.each(['PT1H0M0S', 'PT4H35M59.14S', 'P3Y1M29DT4H35M59.14S', 'P3Y', 'P4W', 'PT1234S', 'P1D', 'PT0S', 'PT0,5S'])('accepts the duration %s', (duration) => {
    expect(faults((s) => (s.result.duration = duration))).toEqual([]);
  });

  test.each(['P4W1D', 'P', 'PT', '12 seconds', 'P0003-01-29T04:35:59', 'PT1.5H30M', 'P1DT', '-PT1S'])('refuses the duration %j ("weeks cannot be combined", "The alternative format … MUST NOT be used")', (duration) => {
    expectFault((s) => (s.result.duration = duration), 'result.duration', 'ISO 8601 duration');
  });
});

describe('validateXapiStatement: context (2.4.6)', () => {
  test('refuses revision when the object is not an Activity ("MUST only be used if the Statement\'s Object is an Activity")', () => {
    expect(faults((s) => {
      s.object = { objectType: 'Agent', mbox: 'mailto:b@example.com' };
      s.context.revision = '2';
    })).toEqual(["context.revision: may only be used when the statement's object is an Activity"]);
  });

  test('refuses platform when the object is a StatementRef', () => {
    expect(faults((s) => {
      s.object = { objectType: 'StatementRef', id: '8f87ccde-bb56-4c2e-ab83-44982ef22df0' };
      s.context.platform = 'web';
    })).toEqual(["context.platform: may only be used when the statement's object is an Activity"]);
  });

  test('accepts revision and platform with an Activity object', () => {
    expect(faults((s) => Object.assign(s.context, { revision: 'r2', platform: 'web' }))).toEqual([]);
  });

  test('refuses an unknown context activity kind ("Every key … MUST be one of parent, grouping, category, or other")', () => {
    expectFault((s) => (s.context.contextActivities.sibling = []), 'context.contextActivities.sibling', 'is not a property');
  });

  test('refuses a context activity value that is a string', () => {
    expectFault((s) => (s.context.contextActivities.parent = 'http://example.com/p'), 'context.contextActivities.parent', 'an Activity or an array of Activities');
  });

  test('names the exact path of a bad context activity id', () => {
    expect(faults((s) => (s.context.contextActivities.parent[0].id = 'quiz'))).toEqual([
      'context.contextActivities.parent[0].id: must be an absolute IRI (for example http://example.com/xapi/verbs/completed)',
    ]);
  });

  test('refuses context extension keys that are not IRIs', () => {
    expectFault((s) => (s.context.extensions = { version: 'abc' }), 'context.extensions', 'key "version"');
  });
});

describe('validateXapiStatement: timestamps (2.4.7, 2.4.8, 4.5)', () => {
  test.each([
    '2013-05-18T05:32:34.804+00:00',
    '2013-04-01T12:00:00Z',
    '2026-11-27T08:00:00+08:00',
    '2026-11-27T08:00:00.123456789Z',
    '2026-11-27T08:00Z',
    '2026-11-27T08:00:00+0800',
    '2026-11-27T08:00:00+08',
    '2026-11-27T08:00:00',
    '2024-02-29T00:00:00Z',
  ])('accepts the timestamp %s', (timestamp) => {
    expect(faults((s) => (s.timestamp = timestamp))).toEqual([]);
  });

  test.each([
    '2026-11-27',
    '2026-11-27 08:00:00Z',
    '27/11/2026',
    '2026-13-01T00:00:00Z',
    '2023-02-29T00:00:00Z',
    '2026-11-27T24:00:00Z',
    '2026-11-27T08:00:00-00:00',
    '2026-11-27T08:00:00+25:00',
    '',
  ])('refuses the timestamp %j', (timestamp) => {
    expectFault((s) => (s.timestamp = timestamp), 'timestamp', 'ISO 8601 date and time');
  });

  test('accepts a future timestamp ("An LRS SHOULD* NOT reject a timestamp for having a greater value than the current time")', () => {
    expect(faults((s) => (s.timestamp = '2999-01-01T00:00:00Z'))).toEqual([]);
  });

  test('validates stored although the LRS overwrites it ("An LRS SHOULD validate and then MUST overwrite")', () => {
    expectFault((s) => (s.stored = 'yesterday'), 'stored', 'ISO 8601');
  });
});

describe('validateXapiStatement: authority and version (2.4.9, 2.4.10)', () => {
  test('accepts the 3-legged OAuth authority Group of the specification', () => {
    const authority = {
      objectType: 'Group',
      member: [{ account: { homePage: 'http://example.com/xAPI/OAuth/Token', name: 'oauth_consumer_x75db' } }, { mbox: 'mailto:bob@example.com' }],
    };
    expect(faults((s) => (s.authority = authority))).toEqual([]);
  });

  test('refuses an authority Group that does not have two members ("a Group with two Agents")', () => {
    expectFault((s) => (s.authority = { objectType: 'Group', member: [{ mbox: 'mailto:bob@example.com' }] }), 'authority', 'exactly two Agent members');
  });

  test.each(['1.0.0', '1.0.3', '1.0.12'])('accepts the version %s ("MUST accept all Statements where their version starts with 1.0.")', (version) => {
    expect(faults((s) => (s.version = version))).toEqual([]);
  });

  test.each(['0.95', '1.1.0', '1.0', '2.0.0', '1.0.x', '1.0.0-beta'])('refuses the version %s ("MUST reject all Statements with a version specified that does not start with 1.0.")', (version) => {
    expectFault((s) => (s.version = version), 'version', 'must start with 1.0.');
  });
});

describe('validateXapiStatement: attachments (2.4.11)', () => {
  const attachment = (): Json => JSON.parse(JSON.stringify(multipartStatement.attachments[0]));
  const withAttachment = (change: (a: Json) => void) => (s: Json) => {
    const a = attachment();
    change(a);
    s.attachments = [a];
  };

  test('accepts an attachment with a fileUrl', () => {
    expect(faults(withAttachment((a) => (a.fileUrl = 'https://files.example.com/essay.pdf')))).toEqual([]);
  });

  test.each(['usageType', 'display', 'contentType', 'length', 'sha2'])('refuses an attachment without %s', (key) => {
    expect(faults(withAttachment((a) => delete a[key]))).toEqual([`attachments[0].${key}: is required`]);
  });

  test('refuses a usageType that is not an IRI', () => {
    expectFault(withAttachment((a) => (a.usageType = 'certificate')), 'attachments[0].usageType', 'absolute IRI');
  });

  test('refuses a length that is negative, fractional or a string', () => {
    for (const length of [-1, 2.5, '27']) {
      expectFault(withAttachment((a) => (a.length = length)), 'attachments[0].length', 'whole number of octets');
    }
  });

  test('refuses a sha2 that is not hexadecimal SHA-2', () => {
    expectFault(withAttachment((a) => (a.sha2 = 'not-a-hash')), 'attachments[0].sha2', 'SHA-2');
    expectFault(withAttachment((a) => (a.sha2 = 'ebd31e95054c018b10727ccffd2ef2ec3a016ee9')), 'attachments[0].sha2', 'SHA-2');
  });

  test('refuses a contentType that is not a media type', () => {
    expectFault(withAttachment((a) => (a.contentType = 'pdf')), 'attachments[0].contentType', 'Internet media type');
  });

  test('refuses a fileUrl that is not an IRL', () => {
    expectFault(withAttachment((a) => (a.fileUrl = 'essay.pdf')), 'attachments[0].fileUrl', 'absolute IRL');
  });

  test('refuses attachments that are not an array', () => {
    expectFault((s) => (s.attachments = attachment()), 'attachments', 'an array of Attachments');
  });
});

describe('validateXapiStatements', () => {
  test('accepts one statement or an array of them', () => {
    expect(validateXapiStatements(simplestStatement)).toMatchObject({ ok: true, statements: [simplestStatement] });
    expect(validateXapiStatements([simplestStatement, voidingStatement])).toMatchObject({ ok: true });
  });

  test('refuses a batch with two statements of the same id ("SHOULD* reject the batch and return 400")', () => {
    const result = validateXapiStatements([simplestStatement, { ...simplestStatement, id: simplestStatement.id.toUpperCase() }]);
    expect(result.ok ? [] : result.faults).toEqual([{ field: '[1].id', message: 'repeats the id of statement [0]; a batch must not contain two statements with the same id' }]);
  });

  test('prefixes each fault with the index of its statement', () => {
    const result = validateXapiStatements([simplestStatement, { ...voidingStatement, verb: { id: 'x' } }, null]);
    expect(result.ok ? [] : result.faults.map((fault) => fault.field)).toEqual(['[1].verb.id', '[2]']);
  });

  test('refuses an empty batch', () => {
    expect(validateXapiStatements([])).toEqual({ ok: false, faults: [{ field: 'statements', message: 'must contain at least one statement' }] });
  });
});

describe('validateXapiStatement: robustness', () => {
  test('never throws on arbitrary JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const result = validateXapiStatement(value);
        expect(typeof result.ok).toBe('boolean');
      }),
      { numRuns: 500 },
    );
  });

  test('never throws on statements with arbitrary JSON in any property', () => {
    const keys = ['id', 'actor', 'verb', 'object', 'result', 'context', 'timestamp', 'stored', 'authority', 'version', 'attachments'];
    fc.assert(
      fc.property(fc.constantFrom(...keys), fc.jsonValue(), (key, value) => {
        const statement = { ...longStatement, [key]: value };
        expect(() => validateXapiStatement(statement)).not.toThrow();
      }),
      { numRuns: 500 },
    );
  });

  test('never throws when any nested object of a rich statement is replaced by arbitrary JSON', () => {
    const paths = [
      ['actor', 'member', 0],
      ['context', 'contextActivities', 'category', 0, 'definition'],
      ['object', 'definition'],
      ['context', 'instructor', 'account'],
      ['result', 'score'],
    ] as const;
    fc.assert(
      fc.property(fc.constantFrom(...paths), fc.jsonValue(), (path, value) => {
        const statement = JSON.parse(JSON.stringify(longStatement));
        let holder = statement;
        for (const part of path.slice(0, -1)) holder = holder[part];
        holder[path[path.length - 1]!] = value;
        expect(() => validateXapiStatement(statement)).not.toThrow();
      }),
      { numRuns: 300 },
    );
  });

  test('refuses an own "__proto__" property as an unknown property', () => {
    const result = validateXapiStatement(JSON.parse(`{"__proto__": {"x": 1}, "actor": {"mbox": "mailto:a@example.com"}, "verb": {"id": "http://e.com/v"}, "object": {"id": "http://e.com/a"}}`));
    expect(result.ok ? [] : result.faults).toEqual([{ field: '__proto__', message: 'is not a property xAPI 1.0.3 allows here' }]);
  });
});
