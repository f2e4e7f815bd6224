import { readFileSync } from 'node:fs';
import path from 'node:path';
import { HandoffReason } from '../../generated/kysely/enums';

// The inbox's reason filter is a list in the page's script: a reason added to the schema
// (processing_failed, 2026-11-29) could be missing from it, and its tickets could not be filtered.

test("the staff inbox's reason filter offers every handoff reason of the schema, and no other", () => {
  const script = readFileSync(path.join(__dirname, '../../bot/http/staff/inbox.js'), 'utf8');
  const list = /const REASONS = \[([^\]]*)\]/.exec(script)?.[1];
  expect(list).toBeDefined();
  const offered = [...list!.matchAll(/'([a-z_]+)'/g)].map((m) => m[1]);
  expect([...offered].sort()).toEqual(Object.values(HandoffReason).sort());
  expect(new Set(offered).size).toBe(offered.length);
});
