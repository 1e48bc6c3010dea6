import type { Generated } from 'kysely';

/** Times are stored as milliseconds since the epoch (UTC instants), booleans as 0/1: the same on SQLite and PostgreSQL. */
export interface UserTable {
  id: string;
  username: string;
  display_name: string;
  department: string | null;
  employee_id: string | null;
  email: string | null;
  /** Comma-separated roles: learner, facilitator, hr, admin. */
  roles: string;
  password_hash: string | null;
  disabled_at: number | null;
  created_at: number;
  updated_at: number;
}

export interface SessionTable {
  /** SHA-256 of the cookie's token: a stolen database does not yield usable cookies. */
  token_hash: string;
  user_id: string;
  created_at: number;
  expires_at: number;
  last_seen_at: number;
  revoked_at: number | null;
}

export interface InviteTable {
  token_hash: string;
  user_id: string;
  created_by: string | null;
  created_at: number;
  expires_at: number;
  used_at: number | null;
}

export interface ApiClientTable {
  id: string;
  name: string;
  key: string;
  secret_hash: string;
  created_by: string | null;
  created_at: number;
  disabled_at: number | null;
}

export interface SignInFailureTable {
  id: Generated<number>;
  /** `user:<name>` or `address:<ip>`. */
  subject: string;
  at: number;
}

export interface StatementTable {
  seq: Generated<number>;
  id: string;
  /** The statement as stored (with stored, authority, version), as JSON text. */
  body: string;
  actor_key: string;
  verb_id: string;
  /** The object's id when it is an activity. */
  activity_id: string | null;
  /** The object's id when it is a StatementRef: filters also match statements that target a match. */
  target_statement_id: string | null;
  registration: string | null;
  timestamp_ms: number;
  stored_ms: number;
  authority_key: string;
  voided: number;
  /** Whether the statement voids another (such statements cannot themselves be voided). */
  is_voiding: number;
}

export interface StatementAgentTable {
  statement_seq: number;
  agent_key: string;
  /** 0 for the actor or agent object only; 1 for every other place related_agents looks. */
  related_only: number;
}

export interface StatementActivityTable {
  statement_seq: number;
  activity_id: string;
  /** 0 for the object; 1 for context activities and sub-statements. */
  related_only: number;
}

export interface AttachmentTable {
  sha2: string;
  content_type: string;
  length: number;
  content: Uint8Array;
}

export interface AuditTable {
  id: Generated<number>;
  at: number;
  /** The account that acted (null for the system). */
  actor_user_id: string | null;
  action: string;
  /** What was acted on, by id only: the audit log never copies personal data. */
  subject: string;
}

export interface EnrolmentTable {
  user_id: string;
  course_id: string;
  /** The xAPI registration of this learner's enrolment in the course, shared by every device. */
  registration: string;
  created_at: number;
}

export interface AssessmentAttemptTable {
  id: string;
  user_id: string;
  course_id: string;
  bank_id: string;
  /** JSON: the drawn question ids with each one's display order, `[{ id, order }]`. */
  questions: string;
  started_at: number;
  deadline_at: number;
  submitted_at: number | null;
  raw: number | null;
  max: number | null;
  scaled: number | null;
  passed: number | null;
}

export interface AssessmentAnswerTable {
  attempt_id: string;
  question_id: string;
  /** JSON of a QuizResponse. */
  response: string;
  saved_at: number;
}

export interface ProgressTable {
  actor_key: string;
  course_id: string;
  /** The local account the actor is, when it is one. */
  user_id: string | null;
  /** JSON of the fold's ProgressState. */
  state: string;
  /** not-started · in-progress · completed · expired, as of the last update. */
  status: string;
  share: number;
  completed_at: number | null;
  expires_at: number | null;
  last_activity_at: number | null;
  statement_count: number;
  updated_at: number;
  /** The learner's department when they completed (null until then): a later transfer does not move a completion. */
  completed_department: string | null;
}

export interface CertificateTable {
  id: string;
  user_id: string;
  actor_key: string;
  course_id: string;
  content_version: string;
  /** As at completion: the roster may change later, a completion does not. */
  learner_name: string;
  employee_id: string | null;
  department: string | null;
  completed_at: number;
  issued_at: number;
  expires_at: number | null;
  /** The signing key's id, as in the JWS header and /.well-known/jwks.json. */
  kid: string;
  /** The compact JWS. */
  credential: string;
  revoked_at: number | null;
  revoked_by: string | null;
  revoke_reason: string | null;
}

export interface SigningKeyTable {
  kid: string;
  /** The public JWK as JSON text. */
  public_jwk: string;
  created_at: number;
  retired_at: number | null;
}

export interface RosterImportTable {
  id: string;
  created_by: string;
  created_at: number;
  updated_at: number;
  file_name: string;
  /** checking · invalid · ready · applying · done · failed */
  status: string;
  total_rows: number;
  processed_rows: number;
  /** JSON of the RosterPreview shown before anything is written. */
  preview: string | null;
  message: string | null;
  applied_at: number | null;
}

/** A checked roster row, staged until its import is applied. */
export interface RosterImportRowTable {
  import_id: string;
  /** The row's line in the file (the header is line 1). */
  line: number;
  /** create · update · unchanged */
  action: string;
  /** The account the row creates (a new id) or updates. */
  user_id: string;
  employee_id: string;
  display_name: string;
  department: string | null;
  email: string | null;
  roles: string;
}

export interface ClassroomSessionTable {
  /** The join code: six characters without 0/O/1/I. */
  code: string;
  course_id: string;
  title: string;
  /** JSON: the lesson ids taught, in course order. */
  lessons: string;
  starts_at: number;
  place: string;
  capacity: number;
  /** Orders choices and options the same way on every screen of the room. */
  seed: number;
  created_by: string;
  created_at: number;
  /** draft · open · running · closed: the machine's phase, kept as a column for the session lists. */
  status: string;
  /** JSON of the session machine's StoredSession. */
  state: string;
  /** Commands applied so far. */
  version: number;
  /** The sequence number of the session's newest live event. */
  last_seq: number;
  opened_at: number | null;
  started_at: number | null;
  closed_at: number | null;
  /** When the attended statements of a closed session were written. */
  attendance_recorded_at: number | null;
}

export interface ClassroomParticipantTable {
  session_code: string;
  id: string;
  /** The account, for a signed-in participant. */
  user_id: string | null;
  /** SHA-256 of a guest's cookie token. */
  token_hash: string | null;
  display_name: string;
  employee_id: string | null;
  department: string | null;
  joined_at: number;
  /** 1 while checked in. */
  present: number;
  checked_in_at: number | null;
  checked_out_at: number | null;
  /** join · facilitator: how the participant was first checked in. */
  checked_in_by: string;
}

export interface ClassroomPushTable {
  session_code: string;
  id: number;
  /** question · decision. */
  kind: string;
  /** The question id, or `<scenario>/<node>`. */
  ref: string;
  /** JSON: what was shown, and for a question its key (never sent before the reveal). */
  body: string;
  opened_at: number;
  /** When it was revealed or resolved. */
  closed_at: number | null;
  /** JSON: the final tally and, for a decision, the choice taken. */
  outcome: string | null;
}

export interface ClassroomAnswerTable {
  session_code: string;
  push_id: number;
  participant_id: string;
  /** JSON: the option or choice ids selected. */
  response: string;
  answered_at: number;
}

export interface ClassroomEventTable {
  session_code: string;
  seq: number;
  type: string;
  /** all · facilitator. */
  audience: string;
  body: string;
  at: number;
  /** The facilitator's command id, for a state change: a command sent twice is applied once. */
  command_id: string | null;
}

export interface Database {
  roster_imports: RosterImportTable;
  roster_import_rows: RosterImportRowTable;
  classroom_sessions: ClassroomSessionTable;
  classroom_participants: ClassroomParticipantTable;
  classroom_pushes: ClassroomPushTable;
  classroom_answers: ClassroomAnswerTable;
  classroom_events: ClassroomEventTable;
  certificates: CertificateTable;
  signing_keys: SigningKeyTable;
  progress: ProgressTable;
  enrolments: EnrolmentTable;
  assessment_attempts: AssessmentAttemptTable;
  assessment_answers: AssessmentAnswerTable;
  users: UserTable;
  sessions: SessionTable;
  invites: InviteTable;
  api_clients: ApiClientTable;
  sign_in_failures: SignInFailureTable;
  statements: StatementTable;
  statement_agents: StatementAgentTable;
  statement_activities: StatementActivityTable;
  attachments: AttachmentTable;
  audit_log: AuditTable;
}
