-- The audit trail refuses TRUNCATE too, not only UPDATE and DELETE (issue 15 review).
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON "audit_events"
  FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only();
