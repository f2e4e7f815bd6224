-- A reseller whose currency has no FX rate cannot be quoted: staff get a no_fx_rate ticket (not unsure_parse).
ALTER TYPE "HandoffReason" ADD VALUE 'no_fx_rate';
