//! A drawn signature as a PNG for Word (which has no place for our vector strokes): each stroke
//! is a round-capped line of the pen's width, anti-aliased by the distance of each pixel to the
//! nearest segment, in the ink's dark blue on a transparent ground. Deterministic: the same
//! drawing gives the same bytes.

use sotay_model::signature::Drawing;

/// The ink: the PDF's dark blue (`sotay_pdf::text::INK`).
const INK: [u8; 3] = [10, 41, 107];

/// The drawing at `scale` pixels per drawing unit: PNG bytes, width and height in pixels.
pub fn png(d: &Drawing, scale: f32) -> (Vec<u8>, u32, u32) {
    let w = (d.width * scale).ceil().max(1.0) as u32;
    let h = (d.height * scale).ceil().max(1.0) as u32;
    let r = d.pen() * scale / 2.0;
    let mut alpha = vec![0f32; (w * h) as usize];
    for stroke in &d.strokes {
        let pts: Vec<(f32, f32)> = stroke.iter().map(|[x, y]| (x * scale, y * scale)).collect();
        let segments: Vec<((f32, f32), (f32, f32))> = if pts.len() == 1 {
            vec![(pts[0], pts[0])]
        } else {
            pts.windows(2).map(|p| (p[0], p[1])).collect()
        };
        for (a, b) in segments {
            let x0 = (a.0.min(b.0) - r - 1.0).floor().max(0.0) as u32;
            let x1 = ((a.0.max(b.0) + r + 1.0).ceil() as u32).min(w);
            let y0 = (a.1.min(b.1) - r - 1.0).floor().max(0.0) as u32;
            let y1 = ((a.1.max(b.1) + r + 1.0).ceil() as u32).min(h);
            for y in y0..y1 {
                for x in x0..x1 {
                    let p = (x as f32 + 0.5, y as f32 + 0.5);
                    let cover = (r + 0.5 - distance(p, a, b)).clamp(0.0, 1.0);
                    let i = (y * w + x) as usize;
                    if cover > alpha[i] {
                        alpha[i] = cover;
                    }
                }
            }
        }
    }
    let mut rgba = Vec::with_capacity(alpha.len() * 4);
    for a in alpha {
        rgba.extend_from_slice(&INK);
        rgba.push((a * 255.0).round() as u8);
    }
    let mut out = Vec::new();
    {
        let mut enc = png::Encoder::new(&mut out, w, h);
        enc.set_color(png::ColorType::Rgba);
        enc.set_depth(png::BitDepth::Eight);
        // Writing to memory cannot fail on I/O; a failure would be a bug in the library.
        let mut writer = enc.write_header().expect("a PNG header in memory");
        writer.write_image_data(&rgba).expect("PNG data in memory");
    }
    (out, w, h)
}

/// The distance from `p` to the segment `a`–`b`.
fn distance(p: (f32, f32), a: (f32, f32), b: (f32, f32)) -> f32 {
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let len2 = dx * dx + dy * dy;
    let t = if len2 > 0.0 {
        (((p.0 - a.0) * dx + (p.1 - a.1) * dy) / len2).clamp(0.0, 1.0)
    } else {
        0.0
    };
    let (qx, qy) = (a.0 + t * dx, a.1 + t * dy);
    ((p.0 - qx).powi(2) + (p.1 - qy).powi(2)).sqrt()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strokes_are_inked_and_the_ground_is_clear() {
        let d = Drawing {
            width: 100.0,
            height: 50.0,
            strokes: vec![vec![[10.0, 25.0], [90.0, 25.0]], vec![[50.0, 45.0]]],
        };
        let (bytes, w, h) = png(&d, 2.0);
        assert_eq!((w, h), (200, 100));
        assert_eq!(png(&d, 2.0).0, bytes, "deterministic");
        let mut reader = png::Decoder::new(std::io::Cursor::new(&bytes))
            .read_info()
            .unwrap();
        let mut buf = vec![0; reader.output_buffer_size().unwrap()];
        reader.next_frame(&mut buf).unwrap();
        let alpha = |x: u32, y: u32| buf[((y * w + x) * 4 + 3) as usize];
        assert_eq!(alpha(100, 50), 255, "on the line");
        assert_eq!(alpha(100, 5), 0, "far from it");
        assert!(alpha(100, 90) > 128, "the dot");
        assert_eq!(alpha(2, 2), 0);
    }
}
