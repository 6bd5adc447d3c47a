-- 0013: the verification address an edition's copies carry in their QR codes (issue 17).
-- NULL: not recorded (an edition published before this version); '': the offline code
-- SOTAY1:…; otherwise the https:// address. Set when the edition is first published, so every
-- later copy and every reproduction of it carries the same kind of code (docs/copy-code.md).
ALTER TABLE editions ADD COLUMN qr_address TEXT;
