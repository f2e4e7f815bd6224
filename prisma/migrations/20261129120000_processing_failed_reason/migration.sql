-- A message the bot could not finish processing (its attempts failed on an error, not on its reading)
-- was handed to staff as unsure_parse, and the reseller was told "I'm not sure I read that right"
-- about a message that was read perfectly well. It has a reason of its own now.
ALTER TYPE "HandoffReason" ADD VALUE 'processing_failed';
