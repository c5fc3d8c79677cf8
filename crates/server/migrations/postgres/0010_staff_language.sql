-- The language each member of staff chose (a BCP 47 tag); none until they choose.
ALTER TABLE users ADD COLUMN language TEXT;
