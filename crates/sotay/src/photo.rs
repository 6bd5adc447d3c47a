//! Evidence photos: the capture time from EXIF and a small thumbnail. Both are best effort —
//! a file that cannot be read as a photo is still stored as evidence, without them.

use std::io::Cursor;

use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits};

/// The longest side of a thumbnail, in pixels.
pub const THUMB_SIDE: u32 = 320;
/// Photos wider or taller than this are not decoded (a 200-megapixel camera stays below).
pub const MAX_SIDE: u32 = 20_000;
/// What decoding one photo may allocate: a 48-megapixel RGB photo (≈ 144 MiB) fits, a
/// decompression bomb does not.
pub const MAX_DECODE_BYTES: u64 = 192 * 1024 * 1024;

/// A thumbnail ready to store: JPEG for opaque photos, PNG when there is transparency.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Thumbnail {
    pub mime: &'static str,
    pub bytes: Vec<u8>,
}

/// The capture time written by the camera: EXIF `DateTimeOriginal`, else `DateTime`, as
/// `YYYY-MM-DDTHH:MM:SS` in the camera's local time, with `±HH:MM` appended only when the
/// matching `OffsetTimeOriginal` / `OffsetTime` is present. Handles what kamadak-exif reads:
/// JPEG, TIFF, HEIF/HEIC, PNG and WebP. Missing, unset ("0000:00:00 …") or impossible dates
/// give `None`.
pub fn taken_at(bytes: &[u8]) -> Option<String> {
    use exif::{In, Tag, Value};
    let exif = exif::Reader::new()
        .read_from_container(&mut Cursor::new(bytes))
        .ok()?;
    let ascii = |tag: Tag| match exif.get_field(tag, In::PRIMARY).map(|f| &f.value) {
        Some(Value::Ascii(v)) => v.first().map(Vec::as_slice),
        _ => None,
    };
    let (time, offset) = [
        (Tag::DateTimeOriginal, Tag::OffsetTimeOriginal),
        (Tag::DateTime, Tag::OffsetTime),
    ]
    .into_iter()
    .find_map(|(time, offset)| Some((ascii(time)?, ascii(offset))))?;
    let mut dt = exif::DateTime::from_ascii(time).ok()?;
    let date = time::Date::from_calendar_date(
        i32::from(dt.year),
        time::Month::try_from(dt.month).ok()?,
        dt.day,
    )
    .ok()?;
    time::Time::from_hms(dt.hour, dt.minute, dt.second).ok()?;
    let mut out = format!("{}T{:02}:{:02}:{:02}", date, dt.hour, dt.minute, dt.second);
    if let Some(offset) = offset {
        if dt.parse_offset(offset).is_ok() {
            if let Some(minutes) = dt.offset {
                let sign = if minutes < 0 { '-' } else { '+' };
                let m = minutes.unsigned_abs();
                out.push_str(&format!("{sign}{:02}:{:02}", m / 60, m % 60));
            }
        }
    }
    Some(out)
}

/// A thumbnail of a PNG or JPEG photo (EXIF orientation applied, longest side at most
/// [`THUMB_SIDE`]). `Ok(None)`: not a format we make thumbnails of (documents, GIF, WebP…).
/// `Err`: it is a PNG/JPEG that cannot be decoded within the limits (damaged, or too large).
pub fn thumbnail(bytes: &[u8]) -> Result<Option<Thumbnail>, image::ImageError> {
    let format = match image::guess_format(bytes) {
        Ok(f @ (ImageFormat::Png | ImageFormat::Jpeg)) => f,
        _ => return Ok(None),
    };
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_DECODE_BYTES);
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    reader.limits(limits.clone());
    let mut decoder = reader.into_decoder()?;
    // The decoders check the dimensions; the pixel buffer is checked here, before allocating.
    limits.reserve(decoder.total_bytes())?;
    let orientation = decoder.orientation()?;
    let mut img = DynamicImage::from_decoder(decoder)?;
    img.apply_orientation(orientation);
    if img.width() > THUMB_SIDE || img.height() > THUMB_SIDE {
        img = img.thumbnail(THUMB_SIDE, THUMB_SIDE);
    }
    let mut out = Cursor::new(Vec::new());
    let mime = if img.color().has_alpha() {
        DynamicImage::ImageRgba8(img.to_rgba8()).write_to(&mut out, ImageFormat::Png)?;
        "image/png"
    } else {
        let encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 80);
        DynamicImage::ImageRgb8(img.to_rgb8()).write_with_encoder(encoder)?;
        "image/jpeg"
    };
    Ok(Some(Thumbnail {
        mime,
        bytes: out.into_inner(),
    }))
}

/// An evidence file ready to store (an assessment's or an activity's): its hash and type, the
/// photo's capture time and thumbnail when it has them, and a warning when a photo could not
/// be decoded (it is stored all the same).
pub(crate) struct Evidence<'a> {
    pub name: String,
    pub mime: &'static str,
    pub bytes: &'a [u8],
    pub sha256: String,
    pub taken_at: Option<String>,
    pub thumbnail: Option<(String, Thumbnail)>,
    pub warning: Option<sotay_model::Localized>,
}

impl<'a> Evidence<'a> {
    pub(crate) fn prepare(name: &str, bytes: &'a [u8]) -> Evidence<'a> {
        let name = sotay_model::text::nfc(name.trim());
        let (thumbnail, warning) = match thumbnail(bytes) {
            Ok(t) => (t.map(|t| (crate::sha256_hex(&t.bytes), t)), None),
            Err(e) => (
                None,
                Some(sotay_model::Localized::new(
                    format!("Đã lưu “{name}” nhưng không tạo được ảnh thu nhỏ: {e}."),
                    format!("“{name}” was saved, but no thumbnail could be made: {e}."),
                )),
            ),
        };
        Evidence {
            mime: crate::export::mime_of(&name),
            sha256: crate::sha256_hex(bytes),
            taken_at: taken_at(bytes),
            name,
            bytes,
            thumbnail,
            warning,
        }
    }

    /// The file as the store takes it.
    pub(crate) fn file(&self) -> sotay_store::BlobRef<'_> {
        sotay_store::BlobRef {
            sha256: &self.sha256,
            mime: self.mime,
            bytes: self.bytes,
        }
    }

    /// Its thumbnail as the store takes it, if it has one.
    pub(crate) fn thumb(&self) -> Option<sotay_store::BlobRef<'_>> {
        self.thumbnail
            .as_ref()
            .map(|(sha, t)| sotay_store::BlobRef {
                sha256: sha,
                mime: t.mime,
                bytes: &t.bytes,
            })
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use image::{Rgb, RgbImage, Rgba, RgbaImage};

    /// A JPEG of `w`×`h` with an EXIF APP1 segment holding `tags` (IFD0 ASCII tags, and
    /// ASCII tags of the Exif sub-IFD) and an orientation.
    pub(crate) fn jpeg_with_exif(
        w: u32,
        h: u32,
        ifd0: &[(u16, &str)],
        exif_ifd: &[(u16, &str)],
        orientation: Option<u16>,
    ) -> Vec<u8> {
        let img = RgbImage::from_fn(w, h, |x, _| Rgb([(x * 255 / w.max(1)) as u8, 90, 30]));
        let mut jpeg = Cursor::new(Vec::new());
        img.write_to(&mut jpeg, ImageFormat::Jpeg).unwrap();
        let jpeg = jpeg.into_inner();
        let tiff = tiff_le(ifd0, exif_ifd, orientation);
        let mut app1 = b"Exif\0\0".to_vec();
        app1.extend_from_slice(&tiff);
        let mut out = jpeg[..2].to_vec(); // SOI
        out.extend_from_slice(&[0xFF, 0xE1]);
        out.extend_from_slice(&((app1.len() + 2) as u16).to_be_bytes());
        out.extend_from_slice(&app1);
        out.extend_from_slice(&jpeg[2..]);
        out
    }

    /// A little-endian TIFF structure: IFD0 with `ifd0` (+ orientation, + the Exif IFD
    /// pointer) and an Exif IFD with `exif_ifd`; ASCII values stored after the IFDs.
    fn tiff_le(
        ifd0: &[(u16, &str)],
        exif_ifd: &[(u16, &str)],
        orientation: Option<u16>,
    ) -> Vec<u8> {
        let ifd_len = |n: usize| 2 + n * 12 + 4;
        let n0 = ifd0.len() + usize::from(orientation.is_some()) + 1;
        let ifd0_at = 8;
        let exif_at = ifd0_at + ifd_len(n0);
        let data_at = exif_at + ifd_len(exif_ifd.len());
        let mut data = Vec::new();
        let mut entries = |tags: &[(u16, &str)], out: &mut Vec<[u8; 12]>| {
            for (tag, text) in tags {
                let mut value = text.as_bytes().to_vec();
                value.push(0);
                let mut e = [0u8; 12];
                e[..2].copy_from_slice(&tag.to_le_bytes());
                e[2..4].copy_from_slice(&2u16.to_le_bytes()); // ASCII
                e[4..8].copy_from_slice(&(value.len() as u32).to_le_bytes());
                if value.len() <= 4 {
                    e[8..8 + value.len()].copy_from_slice(&value);
                } else {
                    e[8..12].copy_from_slice(&((data_at + data.len()) as u32).to_le_bytes());
                    data.extend_from_slice(&value);
                }
                out.push(e);
            }
        };
        let mut first = Vec::new();
        if let Some(o) = orientation {
            let mut e = [0u8; 12];
            e[..2].copy_from_slice(&0x0112u16.to_le_bytes());
            e[2..4].copy_from_slice(&3u16.to_le_bytes()); // SHORT
            e[4..8].copy_from_slice(&1u32.to_le_bytes());
            e[8..10].copy_from_slice(&o.to_le_bytes());
            first.push(e);
        }
        entries(ifd0, &mut first);
        let mut pointer = [0u8; 12];
        pointer[..2].copy_from_slice(&0x8769u16.to_le_bytes());
        pointer[2..4].copy_from_slice(&4u16.to_le_bytes()); // LONG
        pointer[4..8].copy_from_slice(&1u32.to_le_bytes());
        pointer[8..12].copy_from_slice(&(exif_at as u32).to_le_bytes());
        first.push(pointer);
        first.sort_by_key(|e| u16::from_le_bytes([e[0], e[1]]));
        let mut second = Vec::new();
        entries(exif_ifd, &mut second);
        let mut out = b"II\x2a\x00".to_vec();
        out.extend_from_slice(&(ifd0_at as u32).to_le_bytes());
        for ifd in [first, second] {
            out.extend_from_slice(&(ifd.len() as u16).to_le_bytes());
            for e in &ifd {
                out.extend_from_slice(e);
            }
            out.extend_from_slice(&0u32.to_le_bytes());
        }
        out.extend_from_slice(&data);
        out
    }

    pub(crate) fn png(w: u32, h: u32, alpha: bool) -> Vec<u8> {
        let mut out = Cursor::new(Vec::new());
        if alpha {
            RgbaImage::from_pixel(w, h, Rgba([10, 120, 60, 128]))
                .write_to(&mut out, ImageFormat::Png)
                .unwrap();
        } else {
            RgbImage::from_pixel(w, h, Rgb([10, 120, 60]))
                .write_to(&mut out, ImageFormat::Png)
                .unwrap();
        }
        out.into_inner()
    }

    /// A PNG whose header claims `w`×`h` pixels, with no pixel data at all.
    pub(crate) fn png_header_only(w: u32, h: u32) -> Vec<u8> {
        fn crc32(bytes: &[u8]) -> u32 {
            let mut crc = !0u32;
            for b in bytes {
                crc ^= u32::from(*b);
                for _ in 0..8 {
                    crc = if crc & 1 == 1 {
                        (crc >> 1) ^ 0xEDB8_8320
                    } else {
                        crc >> 1
                    };
                }
            }
            !crc
        }
        let mut ihdr = b"IHDR".to_vec();
        ihdr.extend_from_slice(&w.to_be_bytes());
        ihdr.extend_from_slice(&h.to_be_bytes());
        ihdr.extend_from_slice(&[8, 2, 0, 0, 0]); // 8-bit RGB
        let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
        out.extend_from_slice(&13u32.to_be_bytes());
        out.extend_from_slice(&ihdr);
        out.extend_from_slice(&crc32(&ihdr).to_be_bytes());
        out
    }

    fn decoded(t: &Thumbnail) -> DynamicImage {
        image::load_from_memory(&t.bytes).unwrap()
    }

    #[test]
    fn the_original_capture_time_is_kept_as_written_with_its_offset() {
        let jpeg = jpeg_with_exif(
            8,
            8,
            &[(0x0132, "2025:07:21 08:00:00")],
            &[(0x9003, "2025:07:20 14:32:05"), (0x9011, "+07:00")],
            None,
        );
        assert_eq!(
            taken_at(&jpeg).as_deref(),
            Some("2025-07-20T14:32:05+07:00")
        );
    }

    /// `tests/fixtures/evidence/bo-ao-exif.jpg`, used by the CLI tests, is made by
    /// [`jpeg_with_exif`]; `SOTAY_UPDATE_FIXTURES=1` writes it again.
    #[test]
    fn the_fixture_photo_carries_its_time_and_offset() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../tests/fixtures/evidence/bo-ao-exif.jpg"
        );
        if std::env::var_os("SOTAY_UPDATE_FIXTURES").is_some() {
            let jpeg = jpeg_with_exif(
                160,
                120,
                &[(0x010F, "Sotay test")],
                &[(0x9003, "2025:07:20 14:32:05"), (0x9011, "+07:00")],
                None,
            );
            std::fs::write(path, jpeg).unwrap();
        }
        let jpeg = std::fs::read(path).unwrap();
        assert!(jpeg.len() < 5 * 1024);
        assert_eq!(
            taken_at(&jpeg).as_deref(),
            Some("2025-07-20T14:32:05+07:00")
        );
        assert!(thumbnail(&jpeg).unwrap().is_some());
    }

    #[test]
    fn without_an_original_time_the_file_time_is_used_and_no_offset_is_invented() {
        let jpeg = jpeg_with_exif(8, 8, &[(0x0132, "2024:12:31 23:59:59")], &[], None);
        assert_eq!(taken_at(&jpeg).as_deref(), Some("2024-12-31T23:59:59"));
        let unset = jpeg_with_exif(8, 8, &[], &[(0x9003, "0000:00:00 00:00:00")], None);
        assert_eq!(taken_at(&unset), None);
        assert_eq!(taken_at(&png(4, 4, false)), None);
        assert_eq!(taken_at(b"%PDF-1.7 not a photo"), None);
    }

    #[test]
    fn a_large_photo_gets_a_jpeg_thumbnail_of_320_on_its_longest_side() {
        let t = thumbnail(&jpeg_with_exif(800, 400, &[], &[], None))
            .unwrap()
            .unwrap();
        assert_eq!(t.mime, "image/jpeg");
        let img = decoded(&t);
        assert_eq!((img.width(), img.height()), (320, 160));
    }

    #[test]
    fn the_exif_orientation_is_applied() {
        // 6 = the camera was turned: the stored 400×200 pixels show a 200×400 picture.
        let t = thumbnail(&jpeg_with_exif(400, 200, &[], &[], Some(6)))
            .unwrap()
            .unwrap();
        let img = decoded(&t);
        assert_eq!((img.width(), img.height()), (160, 320));
    }

    #[test]
    fn a_small_transparent_png_stays_small_and_png() {
        let t = thumbnail(&png(40, 30, true)).unwrap().unwrap();
        assert_eq!(t.mime, "image/png");
        let img = decoded(&t);
        assert_eq!((img.width(), img.height()), (40, 30));
        assert!(img.color().has_alpha());
    }

    #[test]
    fn documents_have_no_thumbnail_and_damaged_photos_are_an_error() {
        assert_eq!(thumbnail(b"%PDF-1.7\n").unwrap(), None);
        let mut broken = jpeg_with_exif(64, 64, &[], &[], None);
        broken.truncate(broken.len() / 3);
        assert!(thumbnail(&broken).is_err());
        assert!(thumbnail(&[0xFF, 0xD8, 0xFF, 1, 2, 3]).is_err());
    }

    #[test]
    fn a_decompression_bomb_is_refused_at_once() {
        let started = std::time::Instant::now();
        for (w, h) in [(100_000, 100_000), (19_000, 19_000)] {
            let bomb = png_header_only(w, h);
            assert!(bomb.len() < 64);
            assert!(thumbnail(&bomb).is_err(), "{w}×{h}");
        }
        assert!(started.elapsed() < std::time::Duration::from_secs(1));
    }
}
