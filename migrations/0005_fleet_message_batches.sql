-- Which consumer batch recorded each message id: a batch counts only the messages it recorded, so
-- it can sum their half hours into one row each (D1 bills rows written) and still count a
-- redelivered message once. Ids now start with their sending time, so old ones are pruned as a
-- range of the primary key.
ALTER TABLE fleet_messages ADD COLUMN batch TEXT;
