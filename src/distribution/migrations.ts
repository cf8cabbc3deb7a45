// Tables of the distribution domain. Signed agreement documents and dispatch documents are immutable (triggers
// refuse UPDATE and DELETE); a folio is never deleted nor renumbered, and the only change it admits is its
// cancellation with a reason.
import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

const agenciesAndAgreements: Migration = {
  async up(db: Kysely<any>) {
    await sql`
      CREATE FUNCTION distribution_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'los documentos y el historial de la distribución son inmutables (% rechazado en %)', TG_OP, TG_TABLE_NAME;
      END $$`.execute(db);
    await sql`
      CREATE TABLE agencies (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        name text NOT NULL UNIQUE CHECK (length(name) BETWEEN 3 AND 300),
        short_name text NOT NULL CHECK (length(short_name) BETWEEN 2 AND 60),
        kind text NOT NULL CHECK (kind IN ('federal', 'state', 'municipal', 'civil', 'private')),
        municipality_code text CHECK (municipality_code ~ '^[0-9]{5}$'),
        address text,
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`.execute(db);
    await sql`
      CREATE TABLE agency_contacts (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        agency_id bigint NOT NULL REFERENCES agencies (id),
        name text NOT NULL CHECK (length(name) BETWEEN 3 AND 200),
        position text NOT NULL CHECK (length(position) BETWEEN 2 AND 200),
        email text,
        phone text,
        is_addressee boolean NOT NULL DEFAULT false,
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now()
      )`.execute(db);
    await sql`CREATE INDEX agency_contacts_agency ON agency_contacts (agency_id)`.execute(db);
    await sql`
      CREATE TABLE agency_users (
        user_id bigint PRIMARY KEY REFERENCES users (id),
        agency_id bigint NOT NULL REFERENCES agencies (id),
        created_at timestamptz NOT NULL DEFAULT now()
      )`.execute(db);
    await sql`CREATE INDEX agency_users_agency ON agency_users (agency_id)`.execute(db);
    await sql`
      CREATE TABLE agreements (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        number text NOT NULL UNIQUE CHECK (length(number) BETWEEN 3 AND 100),
        title text NOT NULL CHECK (length(title) BETWEEN 3 AND 500),
        signed_on date NOT NULL,
        valid_from date NOT NULL,
        valid_until date NOT NULL,
        report_types text[] NOT NULL CHECK (cardinality(report_types) >= 1),
        classifications text[] NOT NULL
          CHECK (cardinality(classifications) >= 1 AND classifications <@ ARRAY['restricted', 'public']::text[]),
        document_id bigint,
        standing_approval boolean NOT NULL DEFAULT false,
        standing_by bigint REFERENCES users (id),
        standing_at timestamptz,
        standing_comment text,
        terminated_at timestamptz,
        terminated_by bigint REFERENCES users (id),
        termination_reason text,
        expiry_notified_at timestamptz,
        created_by bigint REFERENCES users (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (valid_until >= valid_from),
        CHECK ((terminated_at IS NULL) = (termination_reason IS NULL)),
        CHECK (NOT standing_approval OR standing_by IS NOT NULL)
      )`.execute(db);
    await sql`
      CREATE TABLE agreement_parties (
        agreement_id bigint NOT NULL REFERENCES agreements (id),
        agency_id bigint NOT NULL REFERENCES agencies (id),
        PRIMARY KEY (agreement_id, agency_id)
      )`.execute(db);
    await sql`CREATE INDEX agreement_parties_agency ON agreement_parties (agency_id)`.execute(db);
    await sql`
      CREATE TABLE agreement_documents (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        agreement_id bigint NOT NULL REFERENCES agreements (id),
        file_name text NOT NULL,
        media_type text NOT NULL,
        sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
        size integer NOT NULL CHECK (size > 0),
        content bytea NOT NULL,
        uploaded_by bigint REFERENCES users (id),
        uploaded_at timestamptz NOT NULL DEFAULT now()
      )`.execute(db);
    await sql`ALTER TABLE agreements ADD FOREIGN KEY (document_id) REFERENCES agreement_documents (id)`.execute(db);
    await sql`CREATE TRIGGER agreement_documents_immutable BEFORE UPDATE OR DELETE ON agreement_documents
              FOR EACH ROW EXECUTE FUNCTION distribution_immutable()`.execute(db);
    await sql`
      CREATE TABLE distribution_settings (
        key text PRIMARY KEY,
        value jsonb NOT NULL,
        updated_by bigint REFERENCES users (id),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`.execute(db);
  },
  async down(db: Kysely<any>) {
    await sql`DROP TABLE distribution_settings, agreement_parties, agency_users, agency_contacts`.execute(db);
    await sql`ALTER TABLE agreements DROP COLUMN document_id`.execute(db);
    await sql`DROP TABLE agreement_documents, agreements, agencies`.execute(db);
    await sql`DROP FUNCTION distribution_immutable()`.execute(db);
  },
};

const dispatches: Migration = {
  async up(db: Kysely<any>) {
    await sql`
      CREATE TABLE analytic_requests (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        number text NOT NULL UNIQUE,
        agency_id bigint NOT NULL REFERENCES agencies (id),
        filed_by bigint REFERENCES users (id),
        requester_name text NOT NULL,
        subject text NOT NULL CHECK (length(subject) BETWEEN 3 AND 300),
        description text NOT NULL CHECK (length(description) BETWEEN 3 AND 5000),
        purpose text NOT NULL CHECK (length(purpose) BETWEEN 3 AND 2000),
        report_type text REFERENCES report_types (code),
        needed_by date,
        status text NOT NULL CHECK (status IN ('received', 'accepted', 'in_progress', 'delivered', 'rejected', 'withdrawn')),
        status_at timestamptz NOT NULL DEFAULT now(),
        assigned_area text,
        created_at timestamptz NOT NULL DEFAULT now()
      )`.execute(db);
    await sql`CREATE INDEX analytic_requests_agency ON analytic_requests (agency_id, id DESC)`.execute(db);
    await sql`
      CREATE TABLE analytic_request_events (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        request_id bigint NOT NULL REFERENCES analytic_requests (id),
        at timestamptz NOT NULL DEFAULT now(),
        actor_id bigint REFERENCES users (id),
        actor_name text NOT NULL,
        action text NOT NULL,
        from_status text,
        to_status text NOT NULL,
        comment text
      )`.execute(db);
    await sql`CREATE INDEX analytic_request_events_request ON analytic_request_events (request_id, id)`.execute(db);
    await sql`
      CREATE TABLE dispatches (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        source_product_id bigint NOT NULL REFERENCES products (id),
        product_id bigint NOT NULL REFERENCES products (id),
        report_type text NOT NULL REFERENCES report_types (code),
        producing_area text NOT NULL,
        agency_id bigint NOT NULL REFERENCES agencies (id),
        contact_id bigint REFERENCES agency_contacts (id),
        agreement_id bigint REFERENCES agreements (id),
        request_id bigint REFERENCES analytic_requests (id),
        channel text NOT NULL CHECK (channel IN ('oficio', 'tarjeta', 'sealed_envelope', 'magnetic_media')),
        issuing_area text NOT NULL,
        subject text NOT NULL CHECK (length(subject) BETWEEN 3 AND 300),
        body text NOT NULL CHECK (length(body) BETWEEN 3 AND 10000),
        status text NOT NULL CHECK (status IN ('draft', 'pending_validation', 'pending_approval', 'approved', 'sent',
                                              'delivered', 'acknowledged', 'returned', 'cancelled')),
        status_at timestamptz NOT NULL DEFAULT now(),
        encrypted boolean NOT NULL DEFAULT false,
        seal_number text,
        courier text,
        folio_id bigint,
        sent_at timestamptz,
        sent_by bigint REFERENCES users (id),
        delivered_at timestamptz,
        received_at timestamptz,
        received_by text,
        receipt_notes text,
        acknowledged_by bigint REFERENCES users (id),
        last_reminder_at timestamptz,
        reminders integer NOT NULL DEFAULT 0,
        created_by bigint REFERENCES users (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK (channel <> 'sealed_envelope' OR status NOT IN ('sent', 'delivered', 'acknowledged') OR seal_number IS NOT NULL),
        CHECK (status NOT IN ('sent', 'delivered', 'acknowledged') OR (folio_id IS NOT NULL AND sent_at IS NOT NULL))
      )`.execute(db);
    await sql`CREATE INDEX dispatches_agency ON dispatches (agency_id, id DESC)`.execute(db);
    await sql`CREATE INDEX dispatches_status ON dispatches (status, producing_area)`.execute(db);
    await sql`
      CREATE TABLE folio_counters (
        series text NOT NULL,
        year integer NOT NULL,
        last_number integer NOT NULL CHECK (last_number >= 1),
        PRIMARY KEY (series, year)
      )`.execute(db);
    await sql`
      CREATE TABLE folios (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        area_code text NOT NULL,
        year integer NOT NULL,
        number integer NOT NULL CHECK (number >= 1),
        folio text NOT NULL UNIQUE,
        kind text NOT NULL CHECK (kind IN ('oficio', 'tarjeta')),
        dispatch_id bigint NOT NULL REFERENCES dispatches (id),
        issued_by bigint REFERENCES users (id),
        issued_at timestamptz NOT NULL DEFAULT now(),
        status text NOT NULL DEFAULT 'issued' CHECK (status IN ('issued', 'cancelled')),
        cancel_reason text,
        cancelled_by bigint REFERENCES users (id),
        cancelled_at timestamptz,
        UNIQUE (area_code, year, number),
        CHECK ((status = 'cancelled') = (cancel_reason IS NOT NULL AND cancelled_at IS NOT NULL))
      )`.execute(db);
    await sql`ALTER TABLE dispatches ADD FOREIGN KEY (folio_id) REFERENCES folios (id)`.execute(db);
    await sql`
      CREATE FUNCTION folios_keep_record() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE' AND OLD.status = 'issued' AND NEW.status = 'cancelled'
           AND NEW.folio = OLD.folio AND NEW.area_code = OLD.area_code AND NEW.year = OLD.year
           AND NEW.number = OLD.number AND NEW.dispatch_id = OLD.dispatch_id AND NEW.issued_at = OLD.issued_at THEN
          RETURN NEW;
        END IF;
        RAISE EXCEPTION 'un folio emitido no se borra ni se modifica; solo puede cancelarse con su motivo (% rechazado)', TG_OP;
      END $$`.execute(db);
    await sql`CREATE TRIGGER folios_keep_record BEFORE UPDATE OR DELETE ON folios
              FOR EACH ROW EXECUTE FUNCTION folios_keep_record()`.execute(db);
    await sql`
      CREATE TABLE dispatch_events (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        dispatch_id bigint NOT NULL REFERENCES dispatches (id),
        at timestamptz NOT NULL DEFAULT now(),
        actor_id bigint REFERENCES users (id),
        actor_name text NOT NULL,
        action text NOT NULL,
        from_status text,
        to_status text NOT NULL,
        comment text,
        details jsonb NOT NULL DEFAULT '{}'
      )`.execute(db);
    await sql`CREATE INDEX dispatch_events_dispatch ON dispatch_events (dispatch_id, id)`.execute(db);
    await sql`CREATE TRIGGER dispatch_events_immutable BEFORE UPDATE OR DELETE ON dispatch_events
              FOR EACH ROW EXECUTE FUNCTION distribution_immutable()`.execute(db);
    await sql`
      CREATE TABLE dispatch_documents (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        dispatch_id bigint NOT NULL REFERENCES dispatches (id),
        kind text NOT NULL CHECK (kind IN ('oficio', 'tarjeta', 'package')),
        file_name text NOT NULL,
        media_type text NOT NULL,
        sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
        size integer NOT NULL CHECK (size > 0),
        content bytea NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (dispatch_id, kind)
      )`.execute(db);
    await sql`CREATE TRIGGER dispatch_documents_immutable BEFORE UPDATE OR DELETE ON dispatch_documents
              FOR EACH ROW EXECUTE FUNCTION distribution_immutable()`.execute(db);
    await sql`
      CREATE TABLE dispatch_downloads (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        dispatch_id bigint NOT NULL REFERENCES dispatches (id),
        user_id bigint NOT NULL REFERENCES users (id),
        file_name text NOT NULL,
        sha256 text NOT NULL,
        at timestamptz NOT NULL DEFAULT now(),
        ip text
      )`.execute(db);
    await sql`CREATE INDEX dispatch_downloads_dispatch ON dispatch_downloads (dispatch_id, id)`.execute(db);
  },
  async down(db: Kysely<any>) {
    await sql`DROP TABLE dispatch_downloads, dispatch_documents, dispatch_events`.execute(db);
    await sql`ALTER TABLE dispatches DROP COLUMN folio_id`.execute(db);
    await sql`DROP TABLE folios, folio_counters, dispatches, analytic_request_events, analytic_requests`.execute(db);
    await sql`DROP FUNCTION folios_keep_record()`.execute(db);
  },
};

// The fifth channel, institutional e-mail: the contacts it goes to, the message-id and the server's answer per
// recipient once sent, and the last failed attempt (the dispatch stays approved and the send can be retried). The
// message as sent is kept, immutable, among the dispatch's documents.
const email: Migration = {
  async up(db: Kysely<any>) {
    await sql`ALTER TABLE dispatches DROP CONSTRAINT dispatches_channel_check`.execute(db);
    await sql`ALTER TABLE dispatches ADD CONSTRAINT dispatches_channel_check
              CHECK (channel IN ('oficio', 'tarjeta', 'sealed_envelope', 'magnetic_media', 'email'))`.execute(db);
    await sql`
      ALTER TABLE dispatches
        ADD COLUMN email_contact_ids bigint[] NOT NULL DEFAULT '{}',
        ADD COLUMN message_id text,
        ADD COLUMN email_accepted text[] NOT NULL DEFAULT '{}',
        ADD COLUMN email_rejected text[] NOT NULL DEFAULT '{}',
        ADD COLUMN send_error text,
        ADD COLUMN send_error_at timestamptz,
        ADD CONSTRAINT dispatches_email_recipients CHECK (channel <> 'email' OR cardinality(email_contact_ids) >= 1),
        ADD CONSTRAINT dispatches_email_sent CHECK (channel <> 'email' OR status NOT IN ('sent', 'delivered', 'acknowledged') OR message_id IS NOT NULL)`.execute(db);
    await sql`ALTER TABLE dispatch_documents DROP CONSTRAINT dispatch_documents_kind_check`.execute(db);
    await sql`ALTER TABLE dispatch_documents ADD CONSTRAINT dispatch_documents_kind_check
              CHECK (kind IN ('oficio', 'tarjeta', 'package', 'message'))`.execute(db);
  },
  async down(db: Kysely<any>) {
    await sql`ALTER TABLE dispatch_documents DROP CONSTRAINT dispatch_documents_kind_check`.execute(db);
    await sql`ALTER TABLE dispatch_documents ADD CONSTRAINT dispatch_documents_kind_check CHECK (kind IN ('oficio', 'tarjeta', 'package'))`.execute(db);
    await sql`ALTER TABLE dispatches DROP CONSTRAINT dispatches_email_sent, DROP CONSTRAINT dispatches_email_recipients,
              DROP COLUMN email_contact_ids, DROP COLUMN message_id, DROP COLUMN email_accepted, DROP COLUMN email_rejected,
              DROP COLUMN send_error, DROP COLUMN send_error_at`.execute(db);
    await sql`ALTER TABLE dispatches DROP CONSTRAINT dispatches_channel_check`.execute(db);
    await sql`ALTER TABLE dispatches ADD CONSTRAINT dispatches_channel_check
              CHECK (channel IN ('oficio', 'tarjeta', 'sealed_envelope', 'magnetic_media'))`.execute(db);
  },
};

export const distributionMigrations: Record<string, Migration> = {
  '2026_12_02_100_distribution_agencies_agreements': agenciesAndAgreements,
  '2026_12_02_101_distribution_dispatches': dispatches,
  '2026_12_03_190_distribution_email': email,
};
