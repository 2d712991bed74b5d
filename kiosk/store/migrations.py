"""Versioned, forward-only schema migrations, each applied in one transaction.

``PRAGMA user_version`` holds the schema version; it is set inside the same transaction as
the migration, so a crash leaves the database at the old or the new version, never between.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from kiosk.errors import StoreCorrupt

Migration = Callable[[Any], None]


def _v1_initial(conn: Any) -> None:
    for stmt in (
        """CREATE TABLE counsellors (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            pin_hash TEXT NOT NULL,
            failed_attempts INTEGER NOT NULL DEFAULT 0,
            locked_until REAL NOT NULL DEFAULT 0,
            active INTEGER NOT NULL DEFAULT 1,
            created_at TEXT NOT NULL
        )""",
        """CREATE TABLE cases (
            id TEXT PRIMARY KEY,
            visit_date TEXT NOT NULL,
            state TEXT NOT NULL,
            created_by TEXT NOT NULL,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )""",
        """CREATE TABLE households (
            case_id TEXT PRIMARY KEY REFERENCES cases(id) ON DELETE CASCADE,
            data TEXT NOT NULL,
            search_name TEXT NOT NULL DEFAULT '',
            revision INTEGER NOT NULL DEFAULT 0,
            updated_at TEXT NOT NULL
        )""",
        """CREATE TABLE claims (
            id TEXT PRIMARY KEY,
            case_id TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
            benefit TEXT NOT NULL,
            form_version TEXT NOT NULL,
            subject TEXT,
            answers TEXT NOT NULL DEFAULT '{}',
            state TEXT NOT NULL,
            canonical BLOB,
            sha256 TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )""",
        "CREATE INDEX claims_by_case ON claims(case_id)",
        """CREATE TABLE signatures (
            claim_id TEXT PRIMARY KEY REFERENCES claims(id) ON DELETE CASCADE,
            strokes TEXT NOT NULL,
            created_at TEXT NOT NULL
        )""",
        """CREATE TABLE outbox (
            id INTEGER PRIMARY KEY,
            claim_id TEXT NOT NULL UNIQUE REFERENCES claims(id),
            destination TEXT NOT NULL,
            state TEXT NOT NULL,
            attempts INTEGER NOT NULL DEFAULT 0,
            next_attempt_at TEXT,
            last_error TEXT,
            remote_id TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )""",
        """CREATE TABLE audit (
            seq INTEGER PRIMARY KEY,
            prev_hash TEXT NOT NULL,
            at TEXT NOT NULL,
            actor TEXT NOT NULL,
            event TEXT NOT NULL,
            case_id TEXT,
            hash TEXT NOT NULL
        )""",
        """CREATE TABLE audit_head (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            seq INTEGER NOT NULL,
            hash TEXT NOT NULL
        )""",
    ):
        conn.execute(stmt)


def _v2_resume_and_search(conn: Any) -> None:
    # The intake resumes exactly where it was left; case lists filter by visit date.
    conn.execute("ALTER TABLE cases ADD COLUMN resume_at TEXT")
    conn.execute("CREATE INDEX cases_by_visit ON cases(visit_date)")
    conn.execute("CREATE INDEX outbox_by_state ON outbox(state)")


def _v3_pending_input(conn: Any) -> None:
    # Input typed but not yet valid (a half-typed date, a wrong Steuer-ID) cannot live in the
    # household document; it is kept here, beside it, so not a keystroke is lost.
    conn.execute("ALTER TABLE households ADD COLUMN pending TEXT NOT NULL DEFAULT '{}'")


def _v4_claim_lifecycle(conn: Any) -> None:
    # The lifecycle's state names (labels are translated at the edge, never stored), the
    # facts frozen with a signature, and the link from a correction to the claim it replaces.
    conn.execute("UPDATE claims SET state = 'accepted' WHERE state = 'confirmed'")
    conn.execute("UPDATE claims SET state = 'needs_attention' WHERE state = 'error'")
    for column in ("supersedes", "signed_at", "signed_by", "station_id"):
        conn.execute(f"ALTER TABLE claims ADD COLUMN {column} TEXT")
    conn.execute("CREATE INDEX claims_superseding ON claims(supersedes)")


def _v5_case_list_columns(conn: Any) -> None:
    # At 50,000 cases the list, the search and the status counts cannot decode every
    # household: the applicant's display name, the folded search key and the state the case
    # shows (derived from its claims) become indexed columns of ``cases``, backfilled here and
    # kept right by the repositories in the same transaction as every change.
    from kiosk.store.cases import display_name, search_name
    from kiosk.store.states import WITHDRAWN, case_state

    for column in ("display_name TEXT NOT NULL DEFAULT ''", "search_key TEXT NOT NULL DEFAULT ''",
                   "listed_state TEXT NOT NULL DEFAULT 'draft'"):
        conn.execute(f"ALTER TABLE cases ADD COLUMN {column}")
    claim_states: dict[str, list[str]] = {}
    for case_id, state in conn.execute("SELECT case_id, state FROM claims").fetchall():
        claim_states.setdefault(case_id, []).append(state)
    # Only the names are read, by SQLite's JSON functions, a batch at a time: a station with
    # 50,000 households must not hold them all in memory nor decode each one in Python.
    people, fields = ("applicant", "partner"), ("family_name", "given_names", "birth_name")
    names_sql = ", ".join(
        f"CASE WHEN json_valid(h.data) THEN json_extract(h.data, '$.{who}.{key}') END"
        for who in people for key in fields
    )
    last = 0
    while True:
        batch = conn.execute(
            f"SELECT c.rowid, c.id, c.state, {names_sql} FROM cases c "
            "LEFT JOIN households h ON h.case_id = c.id WHERE c.rowid > ? "
            "ORDER BY c.rowid LIMIT 1000",
            (last,),
        ).fetchall()
        if not batch:
            break
        for rowid, case_id, raw_state, *names in batch:
            household = {
                who: {key: names[i * len(fields) + j] for j, key in enumerate(fields)}
                for i, who in enumerate(people)
            }
            conn.execute(
                "UPDATE cases SET display_name = ?, search_key = ?, listed_state = ? "
                "WHERE rowid = ?",
                (display_name(household), search_name(household),
                 case_state(raw_state == WITHDRAWN, claim_states.get(case_id, ())), rowid),
            )
        last = batch[-1][0]
    conn.execute("DROP INDEX IF EXISTS cases_by_visit")
    # The list's order (newest visit first), also serving "visit_date = ?".
    conn.execute("CREATE INDEX cases_listing ON cases(visit_date DESC, created_at DESC)")
    # Filter by state in list order, and the status counts (GROUP BY listed_state).
    conn.execute(
        "CREATE INDEX cases_by_listed_state "
        "ON cases(listed_state, visit_date DESC, created_at DESC)"
    )
    # A compact covering index for the substring search (which no b-tree order serves): it
    # is scanned instead of the table and carries the other filters and the list order.
    conn.execute(
        "CREATE INDEX cases_by_search_key "
        "ON cases(search_key, listed_state, visit_date, created_at)"
    )


def _v6_claim_documents(conn: Any) -> None:
    # The sealed claim PDF, stored (encrypted, like everything here) with its claim; a PDF
    # rendered while the station had no seal key waits here, unsealed, for `seal import`.
    conn.execute("""CREATE TABLE claim_documents (
        claim_id TEXT PRIMARY KEY REFERENCES claims(id) ON DELETE CASCADE,
        pdf BLOB NOT NULL,
        sealed INTEGER NOT NULL,
        created_at TEXT NOT NULL,
        sealed_at TEXT
    )""")


def _v7_claim_attachments(conn: Any) -> None:
    # Supporting documents (Nachweise) attached to a claim: the cleaned PDF or image itself
    # (encrypted with the database, never a file), for which of the form's documents it is.
    # The file's name is not kept: it often names the family and the office does not need it.
    conn.execute("""CREATE TABLE claim_attachments (
        id TEXT PRIMARY KEY,
        claim_id TEXT NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
        document_id TEXT NOT NULL,
        mime TEXT NOT NULL,
        data BLOB NOT NULL,
        size INTEGER NOT NULL,
        sha256 TEXT NOT NULL,
        created_at TEXT NOT NULL,
        created_by TEXT NOT NULL
    )""")
    conn.execute("CREATE INDEX claim_attachments_by_claim ON claim_attachments(claim_id)")


def _v8_sending_state_machine(conn: Any) -> None:
    # Sending over FIT-Connect: one row per claim, each step committed before the next
    # network call (queued -> announced -> attachments uploaded one by one -> submitting ->
    # submitted -> accepted | rejected | needs_attention). The old outbox was never written.
    # Self-contained (no import of the repositories): migrations must not change later.
    conn.execute("DROP INDEX IF EXISTS outbox_by_state")
    conn.execute("DROP TABLE IF EXISTS outbox")
    conn.execute(
        """CREATE TABLE outbox (
            claim_id TEXT PRIMARY KEY REFERENCES claims(id),
            case_id TEXT NOT NULL,
            office TEXT NOT NULL,
            destination_id TEXT NOT NULL,
            leika TEXT NOT NULL,
            state TEXT NOT NULL,
            submission_id TEXT,
            fc_case_id TEXT,
            encryption_kid TEXT,
            attachments TEXT NOT NULL DEFAULT '[]',
            attempts INTEGER NOT NULL DEFAULT 0,
            next_attempt_at REAL NOT NULL DEFAULT 0,
            last_error TEXT,
            reason TEXT,
            events_seen INTEGER NOT NULL DEFAULT 0,
            queued_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            accepted_at TEXT,
            purged_at TEXT
        )"""
    )
    conn.execute("CREATE INDEX outbox_by_state ON outbox(state, next_attempt_at)")
    # What sending needs offline: destinations, their keys, the service's token keys.
    conn.execute(
        """CREATE TABLE sync_cache (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL,
            fetched_at REAL NOT NULL
        )"""
    )


def _v9_follow_ups(conn: Any) -> None:
    # Documents handed in after the claim left (Nachreichungen): a follow-up is its own row
    # on the same sending steps, a new submission in the claim's FIT-Connect case carrying
    # only the new documents. ``sent_in`` says with which submission a document goes: NULL
    # not yet decided (it goes with its claim while the claim is not announced), the claim's
    # id (with the claim's own submission) or a follow-up's id.
    # Self-contained (no import of the repositories): migrations must not change later.
    conn.execute(
        """CREATE TABLE outbox_followups (
            id TEXT PRIMARY KEY,
            claim_id TEXT NOT NULL REFERENCES claims(id),
            case_id TEXT NOT NULL,
            office TEXT NOT NULL,
            destination_id TEXT NOT NULL,
            leika TEXT NOT NULL,
            state TEXT NOT NULL,
            submission_id TEXT,
            fc_case_id TEXT,
            encryption_kid TEXT,
            attachments TEXT NOT NULL DEFAULT '[]',
            attempts INTEGER NOT NULL DEFAULT 0,
            next_attempt_at REAL NOT NULL DEFAULT 0,
            last_error TEXT,
            reason TEXT,
            queued_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            accepted_at TEXT,
            purged_at TEXT
        )"""
    )
    conn.execute("CREATE INDEX outbox_followups_by_state "
                 "ON outbox_followups(state, next_attempt_at)")
    conn.execute("CREATE INDEX outbox_followups_by_claim ON outbox_followups(claim_id)")
    conn.execute("ALTER TABLE claim_attachments ADD COLUMN sent_in TEXT")
    # Documents of claims already announced went with them (the announce read them all).
    conn.execute("UPDATE claim_attachments SET sent_in = claim_id WHERE claim_id IN "
                 "(SELECT claim_id FROM outbox WHERE submission_id IS NOT NULL)")


MIGRATIONS: Sequence[Migration] = (
    _v1_initial, _v2_resume_and_search, _v3_pending_input, _v4_claim_lifecycle,
    _v5_case_list_columns, _v6_claim_documents, _v7_claim_attachments,
    _v8_sending_state_machine, _v9_follow_ups,
)
LATEST = len(MIGRATIONS)


def schema_version(conn: Any) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def migrate(
    conn: Any, target: int | None = None, migrations: Sequence[Migration] = MIGRATIONS
) -> int:
    """Bring the schema up to *target* (default: latest). Returns the version reached."""
    target = len(migrations) if target is None else target
    current = schema_version(conn)
    if current > len(migrations):
        raise StoreCorrupt(
            f"database schema version {current} is newer than this kiosk knows "
            f"({len(migrations)}); install the newer kiosk version",
            "Die Datenbank stammt von einer neueren Kiosk-Version. "
            "Bitte die aktuelle Version installieren; die Datenbank wurde nicht verändert.",
        )
    for version in range(current + 1, target + 1):
        conn.execute("BEGIN IMMEDIATE")
        try:
            migrations[version - 1](conn)
            conn.execute(f"PRAGMA user_version = {int(version)}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    return schema_version(conn)
