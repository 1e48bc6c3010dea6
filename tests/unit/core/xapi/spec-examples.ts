/** The example statements of the xAPI 1.0.3 specification (Part Two and Part Three), which a conformant LRS must accept. */

export const simplestStatement = {
  id: '12345678-1234-5678-1234-567812345678',
  actor: { mbox: 'mailto:xapi@adlnet.gov' },
  verb: { id: 'http://adlnet.gov/expapi/verbs/created', display: { 'en-US': 'created' } },
  object: { id: 'http://example.adlnet.gov/xapi/example/activity' },
};

export const voidingStatement = {
  actor: { objectType: 'Agent', name: 'Example Admin', mbox: 'mailto:admin@example.adlnet.gov' },
  verb: { id: 'http://adlnet.gov/expapi/verbs/voided', display: { 'en-US': 'voided' } },
  object: { objectType: 'StatementRef', id: 'e05aa883-acaf-40ad-bf54-02c8ce485fb0' },
};

export const statementRefComment = {
  actor: { objectType: 'Agent', mbox: 'mailto:test@example.com' },
  verb: { id: 'http://example.com/commented', display: { 'en-US': 'commented' } },
  object: { objectType: 'StatementRef', id: '8f87ccde-bb56-4c2e-ab83-44982ef22df0' },
  result: { response: 'Wow, nice work!' },
};

export const plannedSubStatement = {
  actor: { objectType: 'Agent', mbox: 'mailto:test@example.com' },
  verb: { id: 'http://example.com/planned', display: { 'en-US': 'planned' } },
  object: {
    objectType: 'SubStatement',
    actor: { objectType: 'Agent', mbox: 'mailto:test@example.com' },
    verb: { id: 'http://example.com/visited', display: { 'en-US': 'will visit' } },
    object: { objectType: 'Activity', id: 'http://example.com/website', definition: { name: { 'en-US': 'Some Awesome Website' } } },
  },
};

export const simpleStatement = {
  id: 'fd41c918-b88b-4b20-a0a5-a4c32391aaa0',
  timestamp: '2015-11-18T12:17:00+00:00',
  actor: { objectType: 'Agent', name: 'Project Tin Can API', mbox: 'mailto:user@example.com' },
  verb: { id: 'http://example.com/xapi/verbs#sent-a-statement', display: { 'en-US': 'sent' } },
  object: {
    id: 'http://example.com/xapi/activity/simplestatement',
    definition: {
      name: { 'en-US': 'simple statement' },
      description: { 'en-US': 'A simple Experience API statement.' },
    },
  },
};

export const attemptedStatement = {
  id: '7ccd3322-e1a5-411a-a67d-6a735c76f119',
  timestamp: '2015-12-18T12:17:00+00:00',
  actor: { objectType: 'Agent', name: 'Example Learner', mbox: 'mailto:example.learner@adlnet.gov' },
  verb: { id: 'http://adlnet.gov/expapi/verbs/attempted', display: { 'en-US': 'attempted' } },
  object: {
    id: 'http://example.adlnet.gov/xapi/example/simpleCBT',
    definition: { name: { 'en-US': 'simple CBT course' }, description: { 'en-US': 'A fictitious example CBT course.' } },
  },
  result: { score: { scaled: 0.95 }, success: true, completion: true, duration: 'PT1234S' },
};

export const longStatement = {
  id: '6690e6c9-3ef0-4ed3-8b37-7f3964730bee',
  actor: {
    name: 'Team PB',
    mbox: 'mailto:teampb@example.com',
    member: [
      { name: 'Andrew Downes', account: { homePage: 'http://www.example.com', name: '13936749' }, objectType: 'Agent' },
      { name: 'Toby Nichols', openid: 'http://toby.openid.example.org/', objectType: 'Agent' },
      { name: 'Ena Hills', mbox_sha1sum: 'ebd31e95054c018b10727ccffd2ef2ec3a016ee9', objectType: 'Agent' },
    ],
    objectType: 'Group',
  },
  verb: { id: 'http://adlnet.gov/expapi/verbs/attended', display: { 'en-GB': 'attended', 'en-US': 'attended' } },
  result: {
    extensions: { 'http://example.com/profiles/meetings/resultextensions/minuteslocation': 'X:\\meetings\\minutes\\examplemeeting.one' },
    success: true,
    completion: true,
    response: 'We agreed on some example actions.',
    duration: 'PT1H0M0S',
  },
  context: {
    registration: 'ec531277-b57b-4c15-8d91-d292c5b2b8f7',
    contextActivities: {
      parent: [{ id: 'http://www.example.com/meetings/series/267', objectType: 'Activity' }],
      category: [
        {
          id: 'http://www.example.com/meetings/categories/teammeeting',
          objectType: 'Activity',
          definition: {
            name: { en: 'team meeting' },
            description: { en: 'A category of meeting used for regular team meetings.' },
            type: 'http://example.com/expapi/activities/meetingcategory',
          },
        },
      ],
      other: [
        { id: 'http://www.example.com/meetings/occurances/34257', objectType: 'Activity' },
        { id: 'http://www.example.com/meetings/occurances/3425567', objectType: 'Activity' },
      ],
    },
    instructor: { name: 'Andrew Downes', account: { homePage: 'http://www.example.com', name: '13936749' }, objectType: 'Agent' },
    team: { name: 'Team PB', mbox: 'mailto:teampb@example.com', objectType: 'Group' },
    platform: 'Example virtual meeting software',
    language: 'tlh',
    statement: { objectType: 'StatementRef', id: '6690e6c9-3ef0-4ed3-8b37-7f3964730bee' },
  },
  timestamp: '2013-05-18T05:32:34.804+00:00',
  stored: '2013-05-18T05:32:34.804+00:00',
  authority: { account: { homePage: 'http://cloud.scorm.com/', name: 'anonymous' }, objectType: 'Agent' },
  version: '1.0.0',
  object: {
    id: 'http://www.example.com/meetings/occurances/34534',
    definition: {
      extensions: { 'http://example.com/profiles/meetings/activitydefinitionextensions/room': { name: 'Kilby', id: 'http://example.com/rooms/342' } },
      name: { 'en-GB': 'example meeting', 'en-US': 'example meeting' },
      description: {
        'en-GB': 'An example meeting that happened on a specific occasion with certain people present.',
        'en-US': 'An example meeting that happened on a specific occasion with certain people present.',
      },
      type: 'http://adlnet.gov/expapi/activities/meeting',
      moreInfo: 'http://virtualmeeting.example.com/345256',
    },
    objectType: 'Activity',
  },
};

/** Appendix B: one example object of each kind. */
export const exampleObjects = {
  activity: {
    id: 'http://www.example.co.uk/exampleactivity',
    definition: {
      name: { 'en-GB': 'example activity', 'en-US': 'example activity' },
      description: { 'en-GB': 'An example of an activity', 'en-US': 'An example of an activity' },
      type: 'http://www.example.co.uk/types/exampleactivitytype',
    },
    objectType: 'Activity',
  },
  agent: { name: 'Andrew Downes', mbox: 'mailto:andrew@example.co.uk', objectType: 'Agent' },
  group: {
    name: 'Example Group',
    account: { homePage: 'http://example.com/homePage', name: 'GroupAccount' },
    objectType: 'Group',
    member: [
      { name: 'Andrew Downes', mbox: 'mailto:andrew@example.com', objectType: 'Agent' },
      { name: 'Aaron Silvers', openid: 'http://aaron.openid.example.org', objectType: 'Agent' },
    ],
  },
  subStatement: {
    objectType: 'SubStatement',
    actor: { objectType: 'Agent', mbox: 'mailto:agent@example.com' },
    verb: { id: 'http://example.com/confirmed', display: { en: 'confirmed' } },
    object: { objectType: 'StatementRef', id: '9e13cefd-53d3-4eac-b5ed-2cf6693903bb' },
  },
};

const interaction = 'http://adlnet.gov/expapi/activities/cmi.interaction';
const components = (ids: string[]) => ids.map((id) => ({ id, description: { 'en-US': id } }));

/** Appendix C: an Activity definition for each interaction type. */
export const interactionDefinitions: Record<string, Record<string, unknown>> = {
  'true-false': { description: { 'en-US': 'Does the xAPI include the concept of statements?' }, type: interaction, interactionType: 'true-false', correctResponsesPattern: ['true'] },
  choice: {
    description: { 'en-US': 'Which of these prototypes are available at the beta site?' },
    type: interaction,
    interactionType: 'choice',
    correctResponsesPattern: ['golf[,]tetris'],
    choices: components(['golf', 'facebook', 'tetris', 'scrabble']),
  },
  'fill-in': { description: { 'en-US': 'Ben is often heard saying: ' }, type: interaction, interactionType: 'fill-in', correctResponsesPattern: ["Bob's your uncle"] },
  'long-fill-in': {
    description: { 'en-US': 'What is the purpose of the xAPI?' },
    type: interaction,
    interactionType: 'long-fill-in',
    correctResponsesPattern: ['{case_matters=false}{lang=en}To store and provide access to learning experiences.'],
  },
  likert: {
    description: { 'en-US': 'How awesome is Experience API?' },
    type: interaction,
    interactionType: 'likert',
    correctResponsesPattern: ['likert_3'],
    scale: components(['likert_0', 'likert_1', 'likert_2', 'likert_3']),
  },
  matching: {
    description: { 'en-US': 'Match these people to their kickball team:' },
    type: interaction,
    interactionType: 'matching',
    correctResponsesPattern: ['ben[.]3[,]chris[.]2[,]troy[.]4[,]freddie[.]1'],
    source: components(['ben', 'chris', 'troy', 'freddie']),
    target: components(['1', '2', '3', '4']),
  },
  performance: {
    description: { 'en-US': 'This interaction measures performance over a day of RS sports:' },
    type: interaction,
    interactionType: 'performance',
    correctResponsesPattern: ['pong[.]1:[,]dg[.]:10[,]lunch[.]'],
    steps: components(['pong', 'dg', 'lunch']),
  },
  sequencing: {
    description: { 'en-US': 'Order players by their pong ladder position:' },
    type: interaction,
    interactionType: 'sequencing',
    correctResponsesPattern: ['tim[,]mike[,]ells[,]ben'],
    choices: components(['tim', 'ben', 'ells', 'mike']),
  },
  numeric: { description: { 'en-US': 'How many jokes is Chris the butt of each day?' }, type: interaction, interactionType: 'numeric', correctResponsesPattern: ['4[:]'] },
  other: { description: { 'en-US': 'On this map, please mark Franklin, TN' }, type: interaction, interactionType: 'other', correctResponsesPattern: ['(35.937432,-86.868896)'] },
};

/** Appendix D: the signed statement (its signature attachment header, without the JWS itself). */
export const signedStatement = {
  version: '1.0.0',
  id: '33cff416-e331-4c9d-969e-5373a1756120',
  actor: { mbox: 'mailto:example@example.com', name: 'Example Learner', objectType: 'Agent' },
  verb: { id: 'http://adlnet.gov/expapi/verbs/experienced', display: { 'en-US': 'experienced' } },
  object: {
    id: 'https://www.youtube.com/watch?v=xh4kIiH3Sm8',
    objectType: 'Activity',
    definition: {
      name: { 'en-US': 'Tax Tips & Information : How to File a Tax Return ' },
      description: { 'en-US': 'Filing a tax return will require filling out either a 1040, 1040A or 1040EZ form' },
    },
  },
  timestamp: '2013-04-01T12:00:00Z',
  attachments: [
    {
      usageType: 'http://adlnet.gov/expapi/attachments/signature',
      display: { 'en-US': 'Signature' },
      description: { 'en-US': 'A test signature' },
      contentType: 'application/octet-stream',
      length: 4235,
      sha2: '672fa5fa658017f1b72d65036f13379c6ab05d4ab3b6664908d8acf0b6a0c634',
    },
  ],
};

/** Part Three, 1.5.2: the statement of the multipart/mixed example. */
export const multipartStatement = {
  actor: { mbox: 'mailto:sample.agent@example.com', name: 'Sample Agent', objectType: 'Agent' },
  verb: { id: 'http://adlnet.gov/expapi/verbs/answered', display: { 'en-US': 'answered' } },
  object: {
    id: 'http://www.example.com/tincan/activities/multipart',
    objectType: 'Activity',
    definition: { name: { 'en-US': 'Multi Part Activity' }, description: { 'en-US': 'Multi Part Activity Description' } },
  },
  attachments: [
    {
      usageType: 'http://example.com/attachment-usage/test',
      display: { 'en-US': 'A test attachment' },
      description: { 'en-US': 'A test attachment (description)' },
      contentType: 'text/plain; charset=ascii',
      length: 27,
      sha2: '495395e777cd98da653df9615d09c0fd6bb2f8d4788394cd53c56a3bfdcd848a',
    },
  ],
};
