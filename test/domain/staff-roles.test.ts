import { can, refusal, STAFF_ROLES } from '../../domain/staff/roles';

// Issue 15: who may do what, as the handbook splits it.
test('staff work the desk, finance the money, an owner everything and alone approves', () => {
  const table = STAFF_ROLES.map((role) => [role, can(role, 'desk'), can(role, 'money'), can(role, 'owner')]);
  expect(table).toEqual([
    ['staff', true, false, false],
    ['finance', false, true, false],
    ['owner', true, true, true],
  ]);
  expect(refusal('finance', 'owner')).toBe('this needs the owner role; you are signed in as finance');
});
