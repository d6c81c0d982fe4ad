// The tables as the query layer sees them: one description for both dialects. Times the
// database keeps as `timestamptz` on PostgreSQL come back as Date there and as text on SQLite;
// JSON columns come back parsed on PostgreSQL and as text on SQLite: read both through
// `iso()` and `fromJson()` (./values.ts), write ISO strings and JSON text.
import type { ColumnType, Generated } from 'kysely';

/** An instant: written as UTC ISO 8601 text, read as text (SQLite) or Date (PostgreSQL). */
type Instant = ColumnType<string | Date, string, string>;
type NullableInstant = ColumnType<string | Date | null, string | null, string | null>;
/** JSON: written as text, read as text (SQLite) or already parsed (PostgreSQL). */
type Json<T> = ColumnType<T | string, string, string>;
type NullableJson<T> = ColumnType<T | string | null, string | null, string | null>;
/**
 * A generated id, or a reference to one: an integer on SQLite, a bigint on PostgreSQL, which
 * node-postgres gives as a string. Typed as numbers for queries; read through `num()`.
 */
type Id = number;
type IdRef = number;
type NullableIdRef = number | null;

export interface Database {
  schema_migrations: { version: number; name: string; applied_at: Instant };
  procedure_versions: { id: string; version: number; hash: string; procedure_json: Json<unknown>; first_seen_at: Instant };
  submissions: {
    id: string;
    reference: string;
    tracking_code: string;
    procedure_id: string;
    procedure_version: number;
    locale: string;
    answers_json: NullableJson<unknown>;
    attachments_json: Json<unknown>;
    body_hash: string;
    /** ISO 8601 with the town's offset, as on the receipt. */
    received_at: string;
    status: string;
    purged_at: NullableInstant;
    /** The last status change, kept by trigger (migration 010). */
    last_change_at: Generated<string | Date | null>;
  };
  deliveries: {
    id: Generated<Id>;
    submission_id: string;
    route: string;
    state: string;
    attempts: number;
    next_attempt_at: Instant;
    last_error: string | null;
    lease_until: NullableInstant;
    claim_token: string | null;
    failing_since: NullableInstant;
    delivered_at: NullableInstant;
  };
  /** Which stored files a submission names, until its purge (migration 008). */
  submission_files: { submission_id: string; sha256: string };
  /** Delivered deliveries per route, added by the relay's batches (migration 011). */
  route_counts: { route: string; delivered: number };
  status_history: { id: Generated<Id>; submission_id: string; status: string; at: string };
  audit_events: {
    id: Generated<Id>;
    at: string;
    kind: string;
    actor: string | null;
    terminal: string | null;
    submission_id: string | null;
    data_json: Json<Record<string, unknown>>;
    prev_hash: string | null;
    hash: string | null;
  };
  receipt_emails: {
    id: Generated<Id>;
    submission_id: string;
    kind: string;
    state: Generated<string>;
    attempts: Generated<number>;
    next_attempt_at: Instant;
    lease_until: NullableInstant;
    claim_token: string | null;
    last_error: string | null;
    sent_at: NullableInstant;
  };
  request_events: {
    id: Generated<Id>;
    submission_id: string;
    status: string;
    /** UTC ISO 8601, written by the store (or by trigger from status_history). */
    at: string;
    actor_kind: string;
    actor_id: string | null;
    entry_json: Json<unknown>;
  };
  request_event_ids: { route: string; webhook_id: string; submission_id: string; fingerprint: string; answer_json: Json<unknown>; at: Instant };
  notices: {
    id: string;
    submission_id: string;
    request_event_id: IdRef;
    channel: string;
    status: string;
    state: Generated<string>;
    attempts: Generated<number>;
    next_attempt_at: Instant;
    lease_until: NullableInstant;
    claim_token: string | null;
    last_error: string | null;
    message_ids_json: NullableJson<string[]>;
    sent_at: NullableInstant;
    receipt_state: string | null;
    receipt_at: NullableInstant;
  };
  terminals: {
    id: string;
    site: string;
    app_version: string;
    content_version: string;
    outbox_length: number;
    oldest_age_seconds: number;
    first_seen_at: Instant;
    last_seen_at: Instant;
  };
  /** Migration 017: each enrolled terminal's credential, as a sha256. */
  terminal_credentials: {
    terminal_id: string;
    secret_hash: string;
    site: string;
    enrolled_by: string;
    enrolled_at: Instant;
    revoked_at: NullableInstant;
  };
  staff_accounts: {
    id: Generated<Id>;
    role: string;
    login: string;
    display_name: string;
    password_hash: string;
    /** 0/1 on SQLite, boolean on PostgreSQL. */
    disabled: ColumnType<boolean | number, boolean | undefined, boolean>;
    created_at: string;
    site: string | null;
    services_json: Json<string[]> | null;
  };
  staff_sessions: { token_hash: string; account_id: IdRef; created_at: string; expires_at: Instant };
  mandates: {
    id: string;
    mediator_id: IdRef;
    resident_name: string;
    procedure_ids_json: Json<string[]>;
    scope: string;
    created_at: string;
    expires_at: Instant;
    consent_confirmed_at: string;
    channel: string | null;
    terminal: string | null;
    /** Migration 017: when the purge removed the resident's name. */
    purged_at: NullableInstant;
    /** Migration 017: printed on the consent; the resident's key to their mandates. */
    resident_code: string | null;
    ended_by: string | null;
    renews: string | null;
  };
  submission_attribution: {
    submission_id: string;
    channel: string | null;
    agent_id: NullableIdRef;
    mediator_id: NullableIdRef;
    mandate_id: string | null;
    reception_id: NullableIdRef;
    site: string | null;
  };
  handoffs: {
    id: string;
    lookup: string | null;
    sealed: string | null;
    procedure_id: string;
    procedure_version: number;
    terminal: string | null;
    site: string | null;
    created_at: string;
    expires_at: Instant;
    opened_at: string | null;
    opened_by: NullableIdRef;
    opened_session: string | null;
    continued_by: string | null;
  };
  desk_notes: { id: Generated<Id>; submission_id: string; author_id: IdRef; at: string; text: string };
  desk_assignments: { submission_id: string; account_id: IdRef; at: string };
  help_slots: {
    id: string;
    kind: string;
    agenda: string;
    place: string;
    starts_at: Instant;
    ends_at: Instant;
    capacity: number;
    booked: ColumnType<number, number | undefined, number>;
  };
  help_bookings: {
    id: string;
    code: string;
    idempotency_key: string | null;
    body_hash: string | null;
    slot_id: string;
    state: string;
    name: string;
    locale: string;
    phone: string | null;
    email: string | null;
    channel: string;
    booked_by: NullableIdRef;
    created_at: Instant;
    offered_at: NullableInstant;
    offer_expires_at: NullableInstant;
    cancelled_at: NullableInstant;
    attendance: string | null;
    attendance_by: NullableIdRef;
  };
  help_notices: {
    id: string;
    booking_id: string;
    kind: string;
    channel: string;
    state: ColumnType<string, string | undefined, string>;
    attempts: ColumnType<number, number | undefined, number>;
    next_attempt_at: Instant;
    lease_until: NullableInstant;
    claim_token: string | null;
    last_error: string | null;
    message_ids_json: NullableJson<string[]>;
    sent_at: NullableInstant;
  };
  /** Journeys at the kiosks, counted per day and kind (migration 016): never a raw event. */
  journey_days: {
    day: string;
    procedure_id: string;
    site: string;
    channel: string;
    locale: string;
    assisted: number;
    outcome: string;
    step: number;
    read_aloud: number;
    text_size: number;
    theme: string;
    journeys: number;
    duration_seconds: number;
  };
  /** Batches of reports already counted, by the kiosk's random id (migration 016). */
  journey_batches: { id: string; received_at: Instant };
  /** Answers to the question after sending, counted per day (migration 016). */
  satisfaction_days: { day: string; procedure_id: string; site: string; channel: string; locale: string; rating: string; answers: number };
}
