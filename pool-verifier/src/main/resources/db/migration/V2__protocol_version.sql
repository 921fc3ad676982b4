-- The template's protocol version, so a verdict's protocol_version check can show what was measured. Rows
-- written before this migration have NULL: the API infers the value from the verdict where it can.
ALTER TABLE verdicts ADD COLUMN protocol_version INT;
