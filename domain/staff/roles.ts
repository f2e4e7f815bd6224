// Who on the wholesaler's team may do what (issue 15), as the handbook splits it. Checked on the
// server for every change; reading the desk, the queue and the finance pages is open to every
// signed-in staff member.
//   staff:   the desk: queue, conversations, orders for resellers, shipping, onboarding
//   finance: money: payments, deposits, invoices, statements, payouts
//   owner:   everything, and alone approves customer prices, credit limits and tier changes

export const STAFF_ROLES = ['staff', 'finance', 'owner'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

export type StaffPermission = 'desk' | 'money' | 'owner';

const GRANTS: Record<StaffRole, readonly StaffPermission[]> = {
  staff: ['desk'],
  finance: ['money'],
  owner: ['desk', 'money', 'owner'],
};

const NEEDS: Record<StaffPermission, string> = {
  desk: 'the staff or owner role',
  money: 'the finance or owner role',
  owner: 'the owner role',
};

export function can(role: StaffRole, permission: StaffPermission): boolean {
  return GRANTS[role].includes(permission);
}

/** Why a role may not do it, in words for the person refused. */
export function refusal(role: StaffRole, permission: StaffPermission): string {
  return `this needs ${NEEDS[permission]}; you are signed in as ${role}`;
}

export function isStaffRole(value: string): value is StaffRole {
  return (STAFF_ROLES as readonly string[]).includes(value);
}
