/**
 * Tables of the unanswered-questions and hand-off sections (src/unanswered, src/handoff), applied
 * as one migration of the embedded store.
 */
export const HANDOFF_MIGRATION = `
  CREATE TABLE question_groups (
    id TEXT PRIMARY KEY, words TEXT NOT NULL, sample TEXT NOT NULL, status TEXT NOT NULL,
    item_id TEXT, created_at TEXT NOT NULL, updated_at TEXT NOT NULL
  ) WITHOUT ROWID;
  CREATE INDEX question_groups_status ON question_groups (status);
  CREATE TABLE question_occurrences (
    id TEXT PRIMARY KEY, group_id TEXT NOT NULL REFERENCES question_groups (id), text TEXT NOT NULL,
    province_code TEXT, channel TEXT NOT NULL, user_id TEXT NOT NULL, candidates TEXT NOT NULL,
    reason TEXT NOT NULL, asked_at TEXT NOT NULL
  ) WITHOUT ROWID;
  CREATE INDEX question_occurrences_group ON question_occurrences (group_id, asked_at);
  CREATE INDEX question_occurrences_asked ON question_occurrences (asked_at);
  CREATE TABLE learned_phrasings (
    item_id TEXT PRIMARY KEY, phrasings TEXT NOT NULL, base_keywords TEXT NOT NULL, updated_at TEXT NOT NULL
  ) WITHOUT ROWID;
  CREATE TABLE tickets (
    id TEXT PRIMARY KEY, channel TEXT NOT NULL, user_id TEXT NOT NULL, province_code TEXT,
    status TEXT NOT NULL, messages TEXT NOT NULL, opened_at TEXT NOT NULL, last_activity_at TEXT NOT NULL,
    joined_at TEXT, closed_at TEXT, close_reason TEXT
  ) WITHOUT ROWID;
  -- One open ticket per user, enforced by the database so two processes cannot open two.
  CREATE UNIQUE INDEX tickets_one_open ON tickets (channel, user_id) WHERE status = 'open';
  CREATE INDEX tickets_status ON tickets (status, last_activity_at);
`;
