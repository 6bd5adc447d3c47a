-- 0005: evidence thumbnails — a small JPEG/PNG preview of a photo (longest side 320 px), stored
-- content-addressed in blobs like the photo itself; NULL for documents and for photos that
-- could not be decoded. `taken_at` (0003) is now filled from the photo's EXIF capture time.
ALTER TABLE evidence ADD COLUMN thumb_sha256 TEXT REFERENCES blobs (sha256);
