-- A contact of a deactivated reseller is handed to a person, never sent into onboarding (issue 15).
ALTER TYPE "HandoffReason" ADD VALUE 'account_inactive';
