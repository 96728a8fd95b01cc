"""The schema, as named migrations: the only authority on what the database looks like.

Rules: a released migration is never edited; new ones are appended with a new name. Before any
pending migration runs on an existing file, a backup is written beside it with the backup API.
A file carrying migration names this build does not know was written by a newer hfdesk and is
refused rather than half-understood.
"""

from __future__ import annotations

from pathlib import Path

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from hfdesk.errors import NewerDatabase, UserError

MIGRATION_SET = "hfdesk"
migrations = Migrations(MIGRATION_SET)

# Columns every record that can leave the laptop carries.
RECORD_COLUMNS = """
    id TEXT PRIMARY KEY,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    origin TEXT NOT NULL,
    revision INTEGER NOT NULL DEFAULT 1,
    change_seq INTEGER NOT NULL
"""


@migrations(name="0001_core")
def m0001_core(db: Database) -> None:
    db.executescript(
        f"""
        CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE settings (name TEXT PRIMARY KEY, value TEXT NOT NULL);

        CREATE TABLE citizens ({RECORD_COLUMNS},
            legal_name TEXT NOT NULL,
            preferred_name TEXT,
            cpr TEXT,
            cpr_digits TEXT,
            cpr_kind TEXT,
            birth_date TEXT,
            gender TEXT,
            phone TEXT,
            email TEXT,
            address TEXT,
            protected_address INTEGER NOT NULL DEFAULT 0,
            language TEXT,
            interpreter_needed INTEGER NOT NULL DEFAULT 0,
            interpreter_language TEXT,
            custody_holders TEXT NOT NULL DEFAULT '[]',
            notes TEXT
        );
        CREATE INDEX citizens_cpr_digits ON citizens(cpr_digits);

        CREATE TABLE actors ({RECORD_COLUMNS},
            actor_type TEXT NOT NULL,
            name TEXT NOT NULL,
            organisation TEXT,
            phone TEXT,
            email TEXT,
            address TEXT,
            notes TEXT
        );

        CREATE TABLE courses ({RECORD_COLUMNS},
            citizen_id TEXT NOT NULL REFERENCES citizens(id) ON DELETE CASCADE,
            case_number TEXT,
            method TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'phase_zero',
            referral_date TEXT,
            start_date TEXT,
            transition_date TEXT,
            transition_kind TEXT,
            phase_overrides TEXT NOT NULL DEFAULT '[]',
            authority_actor_id TEXT REFERENCES actors(id) ON DELETE SET NULL,
            end_recommended_date TEXT,
            end_decision_date TEXT,
            end_type TEXT,
            end_reasons TEXT NOT NULL DEFAULT '[]',
            end_reason_text TEXT,
            transition_target TEXT,
            notes TEXT
        );
        CREATE INDEX courses_citizen ON courses(citizen_id);

        CREATE TABLE support_segments ({RECORD_COLUMNS},
            course_id TEXT NOT NULL REFERENCES courses(id) ON DELETE CASCADE,
            legal_basis TEXT NOT NULL,
            decision_date TEXT,
            period_start TEXT,
            period_end TEXT,
            next_review TEXT,
            provider_wish TEXT,
            provider_wish_followed INTEGER,
            provider_wish_reason TEXT,
            notes TEXT
        );
        CREATE INDEX support_segments_course ON support_segments(course_id);

        CREATE TABLE course_events ({RECORD_COLUMNS},
            course_id TEXT NOT NULL REFERENCES courses(id) ON DELETE CASCADE,
            kind TEXT NOT NULL,
            event_date TEXT NOT NULL,
            end_date TEXT,
            new_municipality TEXT,
            reason TEXT,
            notes TEXT
        );
        CREATE INDEX course_events_course ON course_events(course_id);

        CREATE TABLE housing_segments ({RECORD_COLUMNS},
            citizen_id TEXT NOT NULL REFERENCES citizens(id) ON DELETE CASCADE,
            start_date TEXT NOT NULL,
            end_date TEXT,
            housing_situation TEXT NOT NULL,
            homelessness_nat TEXT,
            address TEXT,
            notes TEXT
        );
        CREATE INDEX housing_segments_citizen ON housing_segments(citizen_id, start_date);

        CREATE TABLE journal_entries ({RECORD_COLUMNS},
            citizen_id TEXT NOT NULL REFERENCES citizens(id) ON DELETE CASCADE,
            course_id TEXT REFERENCES courses(id) ON DELETE SET NULL,
            occurred_at TEXT NOT NULL,
            entry_type TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'done',
            missed_reason TEXT,
            citizen_present INTEGER NOT NULL DEFAULT 1,
            interpreter_used INTEGER NOT NULL DEFAULT 0,
            duration_min INTEGER,
            life_areas TEXT NOT NULL DEFAULT '[]',
            note TEXT NOT NULL DEFAULT '',
            source TEXT,
            transferred_at TEXT
        );
        CREATE INDEX journal_citizen_time ON journal_entries(citizen_id, occurred_at);

        CREATE TABLE journal_additions ({RECORD_COLUMNS},
            entry_id TEXT NOT NULL REFERENCES journal_entries(id) ON DELETE CASCADE,
            written_at TEXT NOT NULL,
            text TEXT NOT NULL
        );
        CREATE INDEX journal_additions_entry ON journal_additions(entry_id);

        -- Notes are indexed folded (see store/search.py) so å, æ, ø stay apart while é → e.
        CREATE VIRTUAL TABLE journal_fts USING fts5(
            body, entry_id UNINDEXED, citizen_id UNINDEXED,
            tokenize = 'unicode61 remove_diacritics 0'
        );

        CREATE TABLE documents ({RECORD_COLUMNS},
            citizen_id TEXT NOT NULL REFERENCES citizens(id) ON DELETE CASCADE,
            kind TEXT NOT NULL,
            title TEXT NOT NULL,
            file_name TEXT NOT NULL,
            mime TEXT NOT NULL,
            source TEXT NOT NULL,
            recipient TEXT,
            size INTEGER NOT NULL,
            content BLOB NOT NULL
        );
        CREATE INDEX documents_citizen ON documents(citizen_id);

        -- Typed-but-invalid input, kept (encrypted like everything) until it is fixed.
        CREATE TABLE drafts (
            form_key TEXT PRIMARY KEY,
            citizen_id TEXT,
            data TEXT NOT NULL,
            saved_at TEXT NOT NULL
        );

        CREATE TABLE record_versions (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            record_kind TEXT NOT NULL,
            record_id TEXT NOT NULL,
            revision INTEGER NOT NULL,
            data TEXT NOT NULL,
            saved_at TEXT NOT NULL,
            saved_by TEXT NOT NULL
        );
        CREATE INDEX record_versions_record ON record_versions(record_kind, record_id);

        CREATE TABLE tombstones (
            record_kind TEXT NOT NULL,
            record_id TEXT NOT NULL,
            deleted_at TEXT NOT NULL,
            deleted_by TEXT NOT NULL,
            origin TEXT NOT NULL,
            change_seq INTEGER NOT NULL,
            PRIMARY KEY (record_kind, record_id)
        );

        CREATE TABLE audit (
            seq INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            worker_id TEXT NOT NULL,
            role TEXT NOT NULL,
            action TEXT NOT NULL,
            record_kind TEXT,
            record_id TEXT,
            citizen_id TEXT,
            purpose TEXT,
            fields TEXT,
            stub INTEGER NOT NULL DEFAULT 0,
            content_hash TEXT NOT NULL,
            prev_hash TEXT NOT NULL,
            hash TEXT NOT NULL
        );
        CREATE INDEX audit_citizen ON audit(citizen_id);
        -- Append-only: the database refuses edits except stripping a row to a stub.
        CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
        BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;
        CREATE TRIGGER audit_only_stub BEFORE UPDATE ON audit
        WHEN NEW.stub = 0 OR NEW.hash != OLD.hash OR NEW.prev_hash != OLD.prev_hash
             OR NEW.content_hash != OLD.content_hash OR NEW.seq != OLD.seq
        BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;
        """
    )


@migrations(name="0002_opsporing")
def m0002_opsporing(db: Database) -> None:
    """Henvendelser (with underretninger and contact attempts) and opsporingsvurderinger.

    A henvendelse may exist without a citizen; an assessment always belongs to one. Every
    assessment item (the summary, each domain row, each action) carries its own sharing flag.
    """
    db.executescript(
        f"""
        CREATE TABLE referrals ({RECORD_COLUMNS},
            citizen_id TEXT REFERENCES citizens(id) ON DELETE CASCADE,
            course_id TEXT REFERENCES courses(id) ON DELETE SET NULL,
            received_date TEXT NOT NULL,
            person_name TEXT,
            person_cpr TEXT,
            person_cpr_digits TEXT,
            person_phone TEXT,
            person_age INTEGER,
            person_birth_date TEXT,
            source TEXT NOT NULL,
            source_text TEXT,
            referrer_actor_id TEXT REFERENCES actors(id) ON DELETE SET NULL,
            referrer_name TEXT,
            from_professional INTEGER NOT NULL DEFAULT 1,
            underretning TEXT,
            concern_domains TEXT NOT NULL DEFAULT '[]',
            concern_other TEXT,
            description TEXT,
            person_knows INTEGER,
            inform_by TEXT,
            informed_date TEXT,
            outcome TEXT,
            outcome_date TEXT,
            outcome_text TEXT,
            onward_actor_id TEXT REFERENCES actors(id) ON DELETE SET NULL,
            forwarded_date TEXT,
            forwarded_how TEXT,
            forwarded_receipt TEXT,
            journal_transferred_at TEXT,
            notes TEXT
        );
        CREATE INDEX referrals_citizen ON referrals(citizen_id);
        CREATE INDEX referrals_received ON referrals(received_date);

        CREATE TABLE referral_contacts ({RECORD_COLUMNS},
            referral_id TEXT NOT NULL REFERENCES referrals(id) ON DELETE CASCADE,
            attempt_date TEXT NOT NULL,
            channel TEXT NOT NULL,
            reached INTEGER NOT NULL DEFAULT 0,
            result TEXT
        );
        CREATE INDEX referral_contacts_referral ON referral_contacts(referral_id);

        CREATE TABLE screening_assessments ({RECORD_COLUMNS},
            citizen_id TEXT NOT NULL REFERENCES citizens(id) ON DELETE CASCADE,
            course_id TEXT REFERENCES courses(id) ON DELETE SET NULL,
            assessed_on TEXT NOT NULL,
            worker_name TEXT NOT NULL,
            phase TEXT,
            target_subgroup TEXT,
            homelessness_duration TEXT,
            summary TEXT,
            sharing TEXT NOT NULL DEFAULT 'internal',
            released_at TEXT,
            released_by TEXT
        );
        CREATE INDEX screening_assessments_citizen
            ON screening_assessments(citizen_id, assessed_on);

        CREATE TABLE screening_domains ({RECORD_COLUMNS},
            assessment_id TEXT NOT NULL REFERENCES screening_assessments(id) ON DELETE CASCADE,
            domain TEXT NOT NULL,
            concern TEXT,
            risk_signals TEXT NOT NULL DEFAULT '[]',
            risk_signals_added TEXT NOT NULL DEFAULT '[]',
            protective_factors TEXT NOT NULL DEFAULT '[]',
            protective_added TEXT NOT NULL DEFAULT '[]',
            judgement TEXT,
            youth_view TEXT,
            sharing TEXT NOT NULL DEFAULT 'internal',
            released_at TEXT,
            released_by TEXT,
            UNIQUE (assessment_id, domain)
        );

        CREATE TABLE screening_actions ({RECORD_COLUMNS},
            assessment_id TEXT NOT NULL REFERENCES screening_assessments(id) ON DELETE CASCADE,
            what TEXT NOT NULL,
            who TEXT,
            due_date TEXT,
            onward_actor_id TEXT REFERENCES actors(id) ON DELETE SET NULL,
            onward_text TEXT,
            done_date TEXT,
            sharing TEXT NOT NULL DEFAULT 'internal',
            released_at TEXT,
            released_by TEXT
        );
        CREATE INDEX screening_actions_assessment ON screening_actions(assessment_id);
        """
    )


@migrations(name="0003_housing_search")
def m0003_housing_search(db: Database) -> None:
    # Tenancies are housing segments with a contract; amounts are integer øre, never floats.
    for column in ("contract_type TEXT", "own_contract INTEGER", "guardian_signed INTEGER",
                   "contract_date TEXT", "move_in_date TEXT", "end_reason TEXT",
                   "end_reason_text TEXT", "housing_type TEXT", "rent_ore INTEGER",
                   "landlord_name TEXT",
                   "landlord_actor_id TEXT REFERENCES actors(id) ON DELETE SET NULL",
                   "offer_id TEXT"):
        db.execute(f"ALTER TABLE housing_segments ADD COLUMN {column}")
    db.executescript(
        f"""
        CREATE TABLE housing_activities ({RECORD_COLUMNS},
            citizen_id TEXT NOT NULL REFERENCES citizens(id) ON DELETE CASCADE,
            activity_date TEXT NOT NULL,
            channel TEXT NOT NULL,
            channel_text TEXT,
            actor_id TEXT REFERENCES actors(id) ON DELETE SET NULL,
            actor_name TEXT,
            place TEXT,
            housing_type TEXT,
            rent_ore INTEGER,
            deposit_ore INTEGER,
            prepaid_rent_ore INTEGER,
            size_m2 INTEGER,
            wishes_met TEXT,
            wishes_missed TEXT,
            outcome TEXT NOT NULL,
            reason TEXT,
            minutes INTEGER
        );
        CREATE INDEX housing_activities_citizen ON housing_activities(citizen_id, activity_date);

        CREATE TABLE housing_registrations ({RECORD_COLUMNS},
            citizen_id TEXT NOT NULL REFERENCES citizens(id) ON DELETE CASCADE,
            actor_id TEXT REFERENCES actors(id) ON DELETE SET NULL,
            organisation TEXT,
            list_type TEXT NOT NULL,
            list_name TEXT,
            registered_date TEXT NOT NULL,
            position TEXT,
            renewal_due TEXT,
            fee_ore INTEGER,
            ended_date TEXT,
            notes TEXT
        );
        CREATE INDEX housing_registrations_citizen ON housing_registrations(citizen_id);

        CREATE TABLE housing_economy ({RECORD_COLUMNS},
            citizen_id TEXT NOT NULL REFERENCES citizens(id) ON DELETE CASCADE,
            valid_from TEXT NOT NULL,
            income_source TEXT NOT NULL,
            income_text TEXT,
            income_after_tax_ore INTEGER,
            fixed_costs_ore INTEGER,
            notes TEXT
        );
        CREATE INDEX housing_economy_citizen ON housing_economy(citizen_id, valid_from);

        CREATE TABLE housing_profiles ({RECORD_COLUMNS},
            citizen_id TEXT NOT NULL UNIQUE REFERENCES citizens(id) ON DELETE CASCADE,
            wishes TEXT,
            needs TEXT
        );

        CREATE TABLE housing_offers ({RECORD_COLUMNS},
            citizen_id TEXT NOT NULL REFERENCES citizens(id) ON DELETE CASCADE,
            activity_id TEXT REFERENCES housing_activities(id) ON DELETE SET NULL,
            actor_id TEXT REFERENCES actors(id) ON DELETE SET NULL,
            actor_name TEXT,
            offer_date TEXT NOT NULL,
            address TEXT,
            housing_type TEXT,
            contract_type TEXT,
            rent_ore INTEGER,
            deposit_ore INTEGER,
            prepaid_rent_ore INTEGER,
            conditions TEXT NOT NULL DEFAULT '[]',
            answer_deadline TEXT,
            signing_deadline TEXT,
            move_in_date TEXT,
            decision TEXT NOT NULL DEFAULT 'pending',
            lost_reason TEXT,
            reason TEXT,
            notes TEXT
        );
        CREATE INDEX housing_offers_citizen ON housing_offers(citizen_id, offer_date);

        CREATE TABLE housing_money ({RECORD_COLUMNS},
            citizen_id TEXT NOT NULL REFERENCES citizens(id) ON DELETE CASCADE,
            offer_id TEXT REFERENCES housing_offers(id) ON DELETE SET NULL,
            money_type TEXT NOT NULL,
            money_text TEXT,
            applied_date TEXT NOT NULL,
            amount_ore INTEGER,
            urgent INTEGER NOT NULL DEFAULT 0,
            decided_date TEXT,
            outcome TEXT NOT NULL DEFAULT 'pending',
            granted_ore INTEGER,
            refusal_reason TEXT,
            notes TEXT
        );
        CREATE INDEX housing_money_citizen ON housing_money(citizen_id);
        """
    )


@migrations(name="0004_journal_planned_index")
def m0004_journal_planned_index(db: Database) -> None:
    # "I dag" and the start page ask for planned appointments across the caseload on every
    # refresh; without this it is a scan of every journal note.
    db.execute("CREATE INDEX journal_planned_time ON journal_entries(occurred_at) "
               "WHERE status = 'planned'")


@migrations(name="0005_plans")
def m0005_plans(db: Database) -> None:
    # Indsatsplan: one plan per course; goals and actions are the live draft, each finished
    # version is a frozen copy (plan_versions.content) the database itself refuses to change.
    db.executescript(
        f"""
        CREATE TABLE plans ({RECORD_COLUMNS},
            citizen_id TEXT NOT NULL REFERENCES citizens(id) ON DELETE CASCADE,
            course_id TEXT REFERENCES courses(id) ON DELETE SET NULL,
            wish TEXT,
            authority_type TEXT,
            authority_marked_by TEXT,
            authority_marked_role TEXT,
            method_note TEXT,
            recommendation TEXT,
            recommendation_reason TEXT
        );
        CREATE INDEX plans_citizen ON plans(citizen_id);

        CREATE TABLE plan_goals ({RECORD_COLUMNS},
            plan_id TEXT NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
            text TEXT NOT NULL,
            life_area TEXT NOT NULL,
            priority INTEGER NOT NULL DEFAULT 2,
            status TEXT NOT NULL DEFAULT 'active',
            follow_up TEXT,
            sort_order INTEGER NOT NULL DEFAULT 0,
            linked_items TEXT NOT NULL DEFAULT '[]'
        );
        CREATE INDEX plan_goals_plan ON plan_goals(plan_id, sort_order);

        CREATE TABLE plan_actions ({RECORD_COLUMNS},
            goal_id TEXT NOT NULL REFERENCES plan_goals(id) ON DELETE CASCADE,
            what TEXT NOT NULL,
            who_kind TEXT NOT NULL,
            who_name TEXT,
            due_date TEXT,
            status TEXT NOT NULL DEFAULT 'open',
            sort_order INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX plan_actions_goal ON plan_actions(goal_id, sort_order);

        CREATE TABLE plan_versions ({RECORD_COLUMNS},
            plan_id TEXT NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
            number INTEGER NOT NULL,
            finished_on TEXT NOT NULL,
            finished_by TEXT NOT NULL,
            participants TEXT,
            youth_agreement TEXT NOT NULL,
            youth_view TEXT,
            custody_took_part INTEGER,
            custody_agreed INTEGER,
            content TEXT NOT NULL,
            UNIQUE (plan_id, number)
        );
        CREATE TRIGGER plan_versions_frozen BEFORE UPDATE ON plan_versions
        BEGIN SELECT RAISE(ABORT, 'plan version is finished and cannot change'); END;

        CREATE TABLE plan_reviews ({RECORD_COLUMNS},
            plan_id TEXT NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
            review_date TEXT NOT NULL,
            version_number INTEGER,
            participants TEXT,
            note TEXT
        );
        CREATE INDEX plan_reviews_plan ON plan_reviews(plan_id, review_date);

        CREATE TABLE plan_review_goals ({RECORD_COLUMNS},
            review_id TEXT NOT NULL REFERENCES plan_reviews(id) ON DELETE CASCADE,
            goal_id TEXT NOT NULL REFERENCES plan_goals(id) ON DELETE CASCADE,
            outcome TEXT,
            status TEXT NOT NULL,
            next_date TEXT
        );
        CREATE INDEX plan_review_goals_goal ON plan_review_goals(goal_id);

        CREATE TABLE plan_links ({RECORD_COLUMNS},
            plan_id TEXT NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
            plan_type TEXT NOT NULL,
            department TEXT,
            system TEXT,
            reference TEXT,
            last_seen TEXT
        );
        CREATE INDEX plan_links_plan ON plan_links(plan_id);
        """
    )


@migrations(name="0006_network")
def m0006_network(db: Database) -> None:
    # Netværk og netværksmøder (DOMAIN §5). Persons keep their name beside an actor reference so
    # a meeting still reads right if the actor is removed; removal from the network is a date.
    db.executescript(
        f"""
        CREATE TABLE network_persons ({RECORD_COLUMNS},
            citizen_id TEXT NOT NULL REFERENCES citizens(id) ON DELETE CASCADE,
            person_type TEXT NOT NULL DEFAULT 'private',
            name TEXT NOT NULL,
            relation TEXT,
            actor_id TEXT REFERENCES actors(id) ON DELETE SET NULL,
            actor_type TEXT,
            organisation TEXT,
            legal_role TEXT,
            legal_scope TEXT,
            legal_expires TEXT,
            custody_holder INTEGER NOT NULL DEFAULT 0,
            closeness TEXT,
            brings TEXT,
            hard TEXT,
            phone TEXT,
            email TEXT,
            notes TEXT,
            contact_permission TEXT NOT NULL DEFAULT 'ask_first',
            permission_date TEXT,
            removed_date TEXT
        );
        CREATE INDEX network_persons_citizen ON network_persons(citizen_id);

        CREATE TABLE network_meetings ({RECORD_COLUMNS},
            citizen_id TEXT NOT NULL REFERENCES citizens(id) ON DELETE CASCADE,
            course_id TEXT REFERENCES courses(id) ON DELETE SET NULL,
            meeting_at TEXT NOT NULL,
            place TEXT,
            video_link TEXT,
            purpose TEXT,
            agenda TEXT,
            youth_wishes TEXT,
            youth_attendance TEXT,
            interpreter_language TEXT,
            interpreter_name TEXT,
            interpreter_booked INTEGER NOT NULL DEFAULT 0,
            interpreter_mode TEXT,
            held INTEGER NOT NULL DEFAULT 0,
            minutes_approved INTEGER NOT NULL DEFAULT 0,
            approved_date TEXT,
            youth_remarks TEXT,
            next_meeting_date TEXT,
            notes TEXT
        );
        CREATE INDEX network_meetings_citizen ON network_meetings(citizen_id, meeting_at);

        CREATE TABLE meeting_participants ({RECORD_COLUMNS},
            meeting_id TEXT NOT NULL REFERENCES network_meetings(id) ON DELETE CASCADE,
            person_id TEXT REFERENCES network_persons(id) ON DELETE SET NULL,
            actor_id TEXT REFERENCES actors(id) ON DELETE SET NULL,
            name TEXT NOT NULL,
            role TEXT,
            chosen_by_youth INTEGER NOT NULL DEFAULT 0,
            consent_given INTEGER NOT NULL DEFAULT 0,
            consent_date TEXT,
            attendance TEXT
        );
        CREATE INDEX meeting_participants_meeting ON meeting_participants(meeting_id);

        CREATE TABLE meeting_agreements ({RECORD_COLUMNS},
            citizen_id TEXT NOT NULL REFERENCES citizens(id) ON DELETE CASCADE,
            meeting_id TEXT REFERENCES network_meetings(id) ON DELETE SET NULL,
            what TEXT NOT NULL,
            owner_name TEXT NOT NULL,
            owner_person_id TEXT REFERENCES network_persons(id) ON DELETE SET NULL,
            owner_actor_id TEXT REFERENCES actors(id) ON DELETE SET NULL,
            owner_is_youth INTEGER NOT NULL DEFAULT 0,
            due_date TEXT,
            status TEXT NOT NULL DEFAULT 'open',
            done_date TEXT,
            done_meeting_id TEXT REFERENCES network_meetings(id) ON DELETE SET NULL
        );
        CREATE INDEX meeting_agreements_citizen ON meeting_agreements(citizen_id, status);

        CREATE TABLE meeting_goal_reviews ({RECORD_COLUMNS},
            meeting_id TEXT NOT NULL REFERENCES network_meetings(id) ON DELETE CASCADE,
            plan_goal_id TEXT,
            goal TEXT NOT NULL,
            review TEXT
        );

        ALTER TABLE courses ADD COLUMN network_meeting_reminder INTEGER NOT NULL DEFAULT 0;
        """
    )


@migrations(name="0007_exchange")
def m0007_exchange(db: Database) -> None:
    """Backups, transfers and imports: moved citizens (read-only until the receipt), a log of
    packages in and out, conflicts kept beside the local record, and audit rows received with a
    transferred citizen (kept apart: the local hash chain only holds this database's rows)."""
    db.executescript(
        """
        CREATE TABLE exchange_moved (
            citizen_id TEXT PRIMARY KEY,
            package_id TEXT NOT NULL,
            recipient TEXT NOT NULL,
            moved_at TEXT NOT NULL
        );
        CREATE TABLE exchange_log (
            package_id TEXT NOT NULL,
            direction TEXT NOT NULL,
            kind TEXT NOT NULL,
            counterpart TEXT NOT NULL,
            citizens INTEGER NOT NULL,
            demo INTEGER NOT NULL,
            at TEXT NOT NULL,
            PRIMARY KEY (package_id, direction)
        );
        CREATE TABLE exchange_conflicts (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            record_kind TEXT NOT NULL,
            record_id TEXT NOT NULL,
            citizen_id TEXT,
            package_id TEXT NOT NULL,
            incoming_hash TEXT NOT NULL,
            incoming TEXT NOT NULL,
            received_at TEXT NOT NULL,
            UNIQUE (record_kind, record_id, incoming_hash)
        );
        CREATE TABLE exchange_audit (
            origin TEXT NOT NULL,
            seq INTEGER NOT NULL,
            citizen_id TEXT,
            hash TEXT NOT NULL,
            data TEXT NOT NULL,
            PRIMARY KEY (origin, seq)
        );
        CREATE INDEX exchange_audit_citizen ON exchange_audit(citizen_id);
        """
    )
    # A moved citizen is read-only on the sender until the receipt removes them: every record
    # table with a citizen_id refuses writes for that citizen.
    tables = [r[0] for r in db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()]
    for table in tables:
        cols = {r[1] for r in db.execute(f"PRAGMA table_info({table})").fetchall()}
        if not {"citizen_id", "change_seq"} <= cols and table != "citizens":
            continue
        ref = "id" if table == "citizens" else "citizen_id"
        for event, row in (("UPDATE", "OLD"), ("INSERT", "NEW")):
            db.execute(
                f"CREATE TRIGGER {table}_moved_{event.lower()} BEFORE {event} ON {table} "
                f"WHEN EXISTS (SELECT 1 FROM exchange_moved WHERE citizen_id = {row}.{ref}) "
                "BEGIN SELECT RAISE(ABORT, 'hfdesk: citizen moved'); END"
            )


@migrations(name="0008_sharing")
def m0008_sharing(db: Database) -> None:
    """Deling og overdragelse: consents (samtykker), disclosures with their basis, handovers,
    follow-on support, and the date the citizen was informed (GDPR art. 13/14)."""
    db.executescript(
        f"""
        ALTER TABLE citizens ADD COLUMN informed_date TEXT;

        CREATE TABLE consents ({RECORD_COLUMNS},
            citizen_id TEXT NOT NULL REFERENCES citizens(id) ON DELETE CASCADE,
            kind TEXT NOT NULL,
            given_by TEXT NOT NULL,
            custody_holder_name TEXT,
            recipients TEXT NOT NULL DEFAULT '[]',
            scope TEXT NOT NULL DEFAULT '[]',
            purpose TEXT,
            form TEXT NOT NULL,
            noted_by TEXT,
            told TEXT,
            given_date TEXT NOT NULL,
            expires TEXT NOT NULL,
            withdrawn_date TEXT,
            withdrawn_note TEXT,
            notes TEXT
        );
        CREATE INDEX consents_citizen ON consents(citizen_id, kind);

        CREATE TABLE disclosures ({RECORD_COLUMNS},
            citizen_id TEXT NOT NULL REFERENCES citizens(id) ON DELETE CASCADE,
            disclosed_at TEXT NOT NULL,
            audience TEXT NOT NULL,
            document TEXT NOT NULL,
            document_id TEXT,
            recipient_actor_id TEXT REFERENCES actors(id) ON DELETE SET NULL,
            recipient_name TEXT,
            areas TEXT NOT NULL DEFAULT '[]',
            basis TEXT NOT NULL,
            consent_id TEXT REFERENCES consents(id) ON DELETE SET NULL,
            paragraph TEXT,
            reason TEXT
        );
        CREATE INDEX disclosures_citizen ON disclosures(citizen_id, disclosed_at);

        CREATE TABLE handovers ({RECORD_COLUMNS},
            citizen_id TEXT NOT NULL REFERENCES citizens(id) ON DELETE CASCADE,
            course_id TEXT REFERENCES courses(id) ON DELETE SET NULL,
            reason TEXT NOT NULL,
            reason_text TEXT,
            recipient_actor_id TEXT REFERENCES actors(id) ON DELETE SET NULL,
            recipient_name TEXT,
            recipient_organisation TEXT,
            outside INTEGER NOT NULL DEFAULT 0,
            sections TEXT NOT NULL DEFAULT '[]',
            youth_words TEXT,
            status TEXT NOT NULL DEFAULT 'draft',
            sent_at TEXT,
            basis TEXT,
            consent_id TEXT REFERENCES consents(id) ON DELETE SET NULL,
            basis_paragraph TEXT,
            basis_reason TEXT,
            disclosure_id TEXT REFERENCES disclosures(id) ON DELETE SET NULL,
            content TEXT,
            new_municipality TEXT,
            underretning_needed INTEGER NOT NULL DEFAULT 0,
            underretning_date TEXT
        );
        CREATE INDEX handovers_citizen ON handovers(citizen_id);
        CREATE INDEX handovers_course ON handovers(course_id);

        CREATE TABLE followon_support ({RECORD_COLUMNS},
            citizen_id TEXT NOT NULL REFERENCES citizens(id) ON DELETE CASCADE,
            course_id TEXT REFERENCES courses(id) ON DELETE SET NULL,
            what TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'applied',
            status_date TEXT NOT NULL,
            notes TEXT
        );
        CREATE INDEX followon_support_citizen ON followon_support(citizen_id);
        """
    )
    # A moved citizen is read-only until the receipt (as migration 0007 does for older tables).
    for table in ("consents", "disclosures", "handovers", "followon_support"):
        for event, row in (("UPDATE", "OLD"), ("INSERT", "NEW")):
            db.execute(
                f"CREATE TRIGGER IF NOT EXISTS {table}_moved_{event.lower()} BEFORE {event} "
                f"ON {table} WHEN EXISTS (SELECT 1 FROM exchange_moved "
                f"WHERE citizen_id = {row}.citizen_id) "
                "BEGIN SELECT RAISE(ABORT, 'hfdesk: citizen moved'); END"
            )


@migrations(name="0009_journalisation")
def m0009_journalisation(db: Database) -> None:
    """Journalisation status on notes and documents, who did what for the access report (unit
    and name on audit rows, names shown per citizen), § 15 b exemptions and extract releases."""
    db.executescript(
        f"""
        ALTER TABLE journal_entries ADD COLUMN transferred_by TEXT;
        ALTER TABLE documents ADD COLUMN transferred_at TEXT;
        ALTER TABLE documents ADD COLUMN transferred_by TEXT;
        ALTER TABLE citizens ADD COLUMN show_worker_names INTEGER NOT NULL DEFAULT 0;
        -- Hashed only when set (hfdesk/store/audit.py), so older rows keep their hashes.
        ALTER TABLE audit ADD COLUMN unit TEXT;
        ALTER TABLE audit ADD COLUMN worker_name TEXT;
        -- The "not yet transferred" list and reminder read only this (covering) index.
        CREATE INDEX journal_untransferred ON journal_entries(citizen_id, occurred_at, status)
            WHERE transferred_at IS NULL;
        CREATE INDEX documents_untransferred ON documents(citizen_id)
            WHERE transferred_at IS NULL;

        CREATE TABLE exemptions ({RECORD_COLUMNS},
            citizen_id TEXT NOT NULL REFERENCES citizens(id) ON DELETE CASCADE,
            record_kind TEXT NOT NULL,
            record_id TEXT NOT NULL,
            field TEXT NOT NULL,
            reason TEXT NOT NULL,
            UNIQUE (record_kind, record_id, field)
        );
        CREATE INDEX exemptions_citizen ON exemptions(citizen_id);

        CREATE TABLE extract_releases ({RECORD_COLUMNS},
            citizen_id TEXT NOT NULL REFERENCES citizens(id) ON DELETE CASCADE,
            released_to TEXT NOT NULL,
            released_on TEXT NOT NULL,
            recipient_name TEXT,
            exempted INTEGER NOT NULL DEFAULT 0,
            note TEXT
        );
        CREATE INDEX extract_releases_citizen ON extract_releases(citizen_id);
        """
    )
    # A moved citizen is read-only until the receipt (as migration 0007 does for older tables;
    # IF NOT EXISTS: the exchange's generic guard may already have made them).
    for table in ("exemptions", "extract_releases"):
        for event, row in (("UPDATE", "OLD"), ("INSERT", "NEW")):
            db.execute(
                f"CREATE TRIGGER IF NOT EXISTS {table}_moved_{event.lower()} "
                f"BEFORE {event} ON {table} "
                f"WHEN EXISTS (SELECT 1 FROM exchange_moved WHERE citizen_id = {row}.citizen_id) "
                "BEGIN SELECT RAISE(ABORT, 'hfdesk: citizen moved'); END"
            )


@migrations(name="0010_exchange_guard")
def m0010_exchange_guard(db: Database) -> None:
    """Audit rows received with a transferred citizen join the hash chain (as "imported" rows
    carrying where they came from, the original action and the original row's hash; who and
    which unit in the columns of 0009), and the moved-citizen guard
    covers every record table that reaches a citizen, not just those that existed at 0007."""
    from hfdesk.store.exchange import ensure_moved_guards

    db.executescript(
        """
        ALTER TABLE audit ADD COLUMN imported_from TEXT;
        ALTER TABLE audit ADD COLUMN imported_seq INTEGER;
        ALTER TABLE audit ADD COLUMN imported_hash TEXT;
        ALTER TABLE audit ADD COLUMN imported_action TEXT;
        CREATE UNIQUE INDEX audit_imported ON audit(imported_from, imported_seq)
            WHERE imported_from IS NOT NULL;
        ALTER TABLE exchange_conflicts ADD COLUMN settled TEXT;
        ALTER TABLE exchange_conflicts ADD COLUMN settled_at TEXT;
        """
    )
    ensure_moved_guards(db)


@migrations(name="0011_measurements")
def m0011_measurements(db: Database) -> None:
    # Individdokumentation: one row per measurement (opstart/status/afslutning of one course),
    # one row per answer. An answer keeps its source (derived from the records or typed) and the
    # derived value beside a correction, so the two are never mixed up.
    db.executescript(
        f"""
        CREATE TABLE measurements ({RECORD_COLUMNS},
            citizen_id TEXT NOT NULL REFERENCES citizens(id) ON DELETE CASCADE,
            course_id TEXT NOT NULL REFERENCES courses(id) ON DELETE CASCADE,
            kind TEXT NOT NULL,
            measured_on TEXT NOT NULL,
            catalogue TEXT,
            selfreport TEXT,
            note TEXT
        );
        CREATE INDEX measurements_course ON measurements(course_id, measured_on);
        CREATE INDEX measurements_citizen ON measurements(citizen_id, measured_on);

        CREATE TABLE measurement_answers ({RECORD_COLUMNS},
            measurement_id TEXT NOT NULL REFERENCES measurements(id) ON DELETE CASCADE,
            item TEXT NOT NULL,
            value TEXT,
            text TEXT,
            source TEXT NOT NULL,
            confirmed INTEGER NOT NULL DEFAULT 0,
            derived_value TEXT,
            derived_basis TEXT,
            UNIQUE (measurement_id, item)
        );
        """
    )
    # Days since last contact, for the whole caseload at every start: a covering partial index
    # makes each citizen's newest contact one index probe (20× faster over 100,000 notes).
    db.execute("CREATE INDEX IF NOT EXISTS journal_last_contact ON journal_entries(citizen_id, "
               "occurred_at, entry_type) WHERE status = 'done' AND citizen_present = 1")
    # The moved-citizen guards are added after every migration (ensure_moved_guards).


@migrations(name="0012_fidelity")
def m0012_fidelity(db: Database) -> None:
    # Fidelity self-assessment: team-level rounds of an instrument kept as data
    # (resources/fidelity.toml); one score row per item. No citizen data at all.
    db.executescript(
        f"""
        CREATE TABLE fidelity_rounds ({RECORD_COLUMNS},
            instrument TEXT NOT NULL,
            instrument_version TEXT NOT NULL,
            round_date TEXT NOT NULL,
            title TEXT,
            rated_by TEXT,
            comment TEXT
        );
        CREATE INDEX fidelity_rounds_date ON fidelity_rounds(instrument, round_date);

        CREATE TABLE fidelity_scores ({RECORD_COLUMNS},
            round_id TEXT NOT NULL REFERENCES fidelity_rounds(id) ON DELETE CASCADE,
            item TEXT NOT NULL,
            score INTEGER CHECK (score IS NULL OR score BETWEEN 1 AND 5),
            not_relevant INTEGER NOT NULL DEFAULT 0,
            comment TEXT,
            UNIQUE (round_id, item)
        );
        """
    )


@migrations(name="0013_speed")
def m0013_speed(db: Database) -> None:
    # Note search ("newest first, at most 50") walks this index backwards and stops at the 50th
    # match, instead of reading and sorting every matching note (12,000 rows for "and").
    db.execute("CREATE INDEX IF NOT EXISTS journal_time ON journal_entries(occurred_at)")


KNOWN = [m.name for m in migrations._migrations]


def schema_version() -> str:
    return KNOWN[-1]


def applied_names(db: Database) -> list[str]:
    return [m.name for m in migrations.applied(db)]


def _backup_before(store_path: Path, db: Database, key: bytes, name: str) -> Path:
    from hfdesk.store.backupapi import backup_to

    target = store_path.with_name(f"{store_path.name}.before-{name}.bak")
    backup_to(db.conn, target, key)
    return target


def migrate(store) -> None:  # type: ignore[no-untyped-def]
    db: Database = store.db
    applied = applied_names(db)
    unknown = [n for n in applied if n not in KNOWN]
    if unknown:
        raise NewerDatabase(
            "Databasen er skrevet af en nyere version af hfdesk og kan ikke åbnes med denne. "
            "Opdater hfdesk."
        )
    pending = [m.name for m in migrations.pending(db)]
    if not pending:
        return
    if applied:
        _backup_before(store.path, db, store.key, pending[0])
    # Foreign keys off around apply(): table rebuilds would otherwise cascade.
    db.execute("PRAGMA foreign_keys = OFF")
    try:
        migrations.apply(db)
        # A table added by any migration gets the moved-citizen guard (see 0010).
        if "0010_exchange_guard" in applied_names(db):
            from hfdesk.store.exchange import ensure_moved_guards

            ensure_moved_guards(db)
        problems = db.execute("PRAGMA foreign_key_check").fetchall()
        if problems:
            raise UserError(
                "Opdateringen af databasen efterlod brudte referencer; den er rullet tilbage "
                "til backuppen ved siden af filen. Kontakt support."
            )
    finally:
        db.execute("PRAGMA foreign_keys = ON")
