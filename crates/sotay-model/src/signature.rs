//! Signatures (chữ ký) of an assessment: the team leader (trưởng đoàn kiểm tra) and the pilot's
//! representative (đại diện mô hình thí điểm) sign the finished assessment on screen, with a
//! typed name or a drawn mark, and the report and the minutes print them.
//!
//! The rules: a signature is given once the assessment is completed (its verdict is final) and
//! before it is closed; signing a role again replaces that role's signature; a signature covers
//! the record as it was signed ([`signed_content`]: the answers, the trace tests and the
//! verdict) — when any of that changes afterwards, the signature is no longer *current* and is
//! shown and printed as needing to be signed again. A drawn mark is kept as vector strokes
//! ([`Drawing`]), never as a bitmap, so a PDF draws it crisply.

use std::fmt::Write as _;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::assessment::{AssessmentItem, AssessmentStatus, TraceTest};
use crate::verdict::Verdict;
use crate::Localized;

/// Who signs an assessment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum SignatureRole {
    /// Trưởng đoàn kiểm tra.
    Leader,
    /// Đại diện mô hình thí điểm (the cooperative's or enterprise's representative).
    Representative,
}

impl SignatureRole {
    /// Both roles, in the order the report prints them.
    pub const ALL: [SignatureRole; 2] = [SignatureRole::Leader, SignatureRole::Representative];

    pub fn as_str(self) -> &'static str {
        match self {
            SignatureRole::Leader => "leader",
            SignatureRole::Representative => "representative",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s.trim() {
            "leader" => Some(SignatureRole::Leader),
            "representative" => Some(SignatureRole::Representative),
            _ => None,
        }
    }

    pub fn label(self) -> Localized {
        match self {
            SignatureRole::Leader => Localized::new("Trưởng đoàn kiểm tra", "Team leader"),
            SignatureRole::Representative => {
                Localized::new("Đại diện mô hình thí điểm", "Pilot's representative")
            }
        }
    }
}

/// A drawn mark: strokes of points in a box of `width` × `height` (the pad's size, y down).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Drawing {
    pub width: f32,
    pub height: f32,
    /// Each stroke is the points one press of the pen went through, `[x, y]`.
    pub strokes: Vec<Vec<[f32; 2]>>,
}

impl Drawing {
    /// At most this many strokes…
    pub const MAX_STROKES: usize = 100;
    /// …and this many points in all (a signature drawn slowly has a few hundred).
    pub const MAX_POINTS: usize = 5000;
    /// The box's sides, in the pad's pixels.
    pub const MAX_SIDE: f32 = 2000.0;

    /// Why this drawing cannot be a signature, if it cannot: an empty drawing, too many strokes
    /// or points, a box out of bounds, or a point outside its box.
    pub fn problem(&self) -> Option<Localized> {
        let side = |v: f32| v.is_finite() && (1.0..=Self::MAX_SIDE).contains(&v);
        if !side(self.width) || !side(self.height) {
            return Some(Localized::new(
                format!(
                    "Khung chữ ký phải rộng và cao từ 1 đến {} điểm ảnh.",
                    Self::MAX_SIDE
                ),
                format!(
                    "The signature's box must be 1 to {} pixels wide and high.",
                    Self::MAX_SIDE
                ),
            ));
        }
        if self.strokes.iter().all(Vec::is_empty) {
            return Some(Localized::new(
                "Chữ ký vẽ chưa có nét nào.",
                "The drawn signature has no stroke.",
            ));
        }
        if self.strokes.len() > Self::MAX_STROKES {
            return Some(Localized::new(
                format!("Chữ ký vẽ có quá nhiều nét (tối đa {}).", Self::MAX_STROKES),
                format!(
                    "The drawn signature has too many strokes (at most {}).",
                    Self::MAX_STROKES
                ),
            ));
        }
        let points: usize = self.strokes.iter().map(Vec::len).sum();
        if points > Self::MAX_POINTS {
            return Some(Localized::new(
                format!("Chữ ký vẽ có quá nhiều điểm (tối đa {}).", Self::MAX_POINTS),
                format!(
                    "The drawn signature has too many points (at most {}).",
                    Self::MAX_POINTS
                ),
            ));
        }
        let inside = |[x, y]: [f32; 2]| {
            x.is_finite()
                && y.is_finite()
                && (0.0..=self.width).contains(&x)
                && (0.0..=self.height).contains(&y)
        };
        if !self.strokes.iter().flatten().all(|p| inside(*p)) {
            return Some(Localized::new(
                "Chữ ký vẽ có điểm nằm ngoài khung.",
                "The drawn signature has a point outside its box.",
            ));
        }
        None
    }

    /// The same drawing with each point rounded to a tenth of a pixel, without a point that
    /// repeats the one before it, and without empty strokes.
    pub fn tidy(&self) -> Drawing {
        let r = |v: f32| (v * 10.0).round() / 10.0;
        Drawing {
            width: r(self.width),
            height: r(self.height),
            strokes: self
                .strokes
                .iter()
                .filter(|s| !s.is_empty())
                .map(|s| {
                    let mut points: Vec<[f32; 2]> = s.iter().map(|[x, y]| [r(*x), r(*y)]).collect();
                    points.dedup();
                    points
                })
                .collect(),
        }
    }

    /// The drawing as SVG: one path, round caps and joins, `label` as its accessible name.
    /// [`Drawing::from_svg`] reads it back, so the PDF writer draws the same strokes as
    /// vectors.
    pub fn to_svg(&self, label: &str) -> String {
        let mut d = String::new();
        for s in &self.strokes {
            for (i, [x, y]) in s.iter().enumerate() {
                let _ = write!(d, "{}{x} {y} ", if i == 0 { "M" } else { "L" });
            }
            if s.len() == 1 {
                // A dot: a zero-length segment that round caps draw as a dot.
                let [x, y] = s[0];
                let _ = write!(d, "L{x} {y} ");
            }
        }
        let label: String = label
            .chars()
            .map(|c| match c {
                '<' | '>' | '&' | '"' => ' ',
                c => c,
            })
            .collect();
        format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-label=\"{label}\" viewBox=\"0 0 {} {}\" width=\"{}\" height=\"{}\"><path d=\"{}\" fill=\"none\" stroke=\"#0b2a6b\" stroke-width=\"{}\" stroke-linecap=\"round\" stroke-linejoin=\"round\"/></svg>",
            self.width,
            self.height,
            self.width,
            self.height,
            d.trim_end(),
            self.pen()
        )
    }

    /// The pen's width in the drawing's units (2.5 px on a pad 400 px wide).
    pub fn pen(&self) -> f32 {
        (self.width / 160.0).clamp(1.0, 12.0)
    }

    /// Reads back an SVG written by [`Drawing::to_svg`]; `None` for anything else.
    pub fn from_svg(svg: &str) -> Option<Drawing> {
        let attr = |name: &str| -> Option<&str> {
            let start = svg.find(&format!(" {name}=\""))? + name.len() + 3;
            let len = svg[start..].find('"')?;
            Some(&svg[start..start + len])
        };
        if !svg.starts_with("<svg ") {
            return None;
        }
        let view: Vec<f32> = attr("viewBox")?
            .split(' ')
            .map(|v| v.parse().ok())
            .collect::<Option<_>>()?;
        let [0.0, 0.0, width, height] = view[..] else {
            return None;
        };
        let mut strokes: Vec<Vec<[f32; 2]>> = Vec::new();
        let mut words = attr("d")?.split_whitespace();
        while let Some(w) = words.next() {
            let (cmd, x) = w.split_at(1);
            let y: f32 = words.next()?.parse().ok()?;
            let p = [x.parse().ok()?, y];
            match cmd {
                "M" => strokes.push(vec![p]),
                "L" => {
                    let s = strokes.last_mut()?;
                    if !(s.len() == 1 && s[0] == p) {
                        s.push(p);
                    }
                }
                _ => return None,
            }
        }
        let d = Drawing {
            width,
            height,
            strokes,
        };
        d.problem().is_none().then_some(d)
    }
}

/// What `sotay assess sign` and the window's signature pad send.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SignInput {
    pub role: SignatureRole,
    /// The signer's full name, printed under the signature.
    pub name: String,
    /// Their position (chức vụ), may be empty.
    #[serde(default)]
    pub position: String,
    /// The drawn mark; without it the signature is the typed name.
    #[serde(default)]
    pub drawing: Option<Drawing>,
}

/// A name or position longer than this is refused.
pub const MAX_NAME_CHARS: usize = 120;

impl SignInput {
    /// The input made ready to store (trimmed, NFC, the drawing tidied), or why it cannot be.
    pub fn checked(&self) -> Result<SignInput, Localized> {
        let name = crate::text::nfc(self.name.trim());
        let position = crate::text::nfc(self.position.trim());
        if name.is_empty() {
            return Err(Localized::new(
                "Cần ghi họ tên người ký.",
                "The signer's name is required.",
            ));
        }
        if name.chars().count() > MAX_NAME_CHARS || position.chars().count() > MAX_NAME_CHARS {
            return Err(Localized::new(
                format!("Họ tên và chức vụ người ký dài tối đa {MAX_NAME_CHARS} ký tự."),
                format!("The signer's name and position are at most {MAX_NAME_CHARS} characters."),
            ));
        }
        if name.chars().any(char::is_control) || position.chars().any(char::is_control) {
            return Err(Localized::new(
                "Họ tên và chức vụ người ký chỉ gồm một dòng.",
                "The signer's name and position are one line each.",
            ));
        }
        let drawing = match &self.drawing {
            Some(d) => {
                if let Some(p) = d.problem() {
                    return Err(p);
                }
                Some(d.tidy())
            }
            None => None,
        };
        Ok(SignInput {
            role: self.role,
            name,
            position,
            drawing,
        })
    }
}

/// Whether an assessment in `status` may be signed: only once it is completed (the verdict is
/// final — completing is refused on incomplete data) and while it is not closed.
pub fn may_sign(status: AssessmentStatus) -> Result<(), Localized> {
    match status {
        AssessmentStatus::Completed => Ok(()),
        AssessmentStatus::Closed => Err(Localized::new(
            "Đợt đánh giá đã đóng; không ký thêm được.",
            "The assessment is closed; it cannot be signed any more.",
        )),
        AssessmentStatus::Planned | AssessmentStatus::InProgress => Err(Localized::new(
            "Chỉ ký khi đợt đánh giá đã hoàn thành (đã có kết luận chính thức). Hãy hoàn thành đánh giá trước.",
            "An assessment is signed once it is completed (its verdict is final). Complete the assessment first.",
        )),
    }
}

/// Whether a signature of an assessment in `status` may be withdrawn: while the assessment is
/// not closed (a closed record is read-only, its signatures included). A signature that no
/// longer covers the record (after a reopening) may be withdrawn too.
pub fn may_withdraw(status: AssessmentStatus) -> Result<(), Localized> {
    match status {
        AssessmentStatus::Closed => Err(Localized::new(
            "Đợt đánh giá đã đóng; không hủy chữ ký được.",
            "The assessment is closed; its signatures cannot be withdrawn.",
        )),
        AssessmentStatus::Planned | AssessmentStatus::InProgress | AssessmentStatus::Completed => {
            Ok(())
        }
    }
}

/// What happened to a signature: given, or withdrawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum SignatureEventKind {
    Signed,
    Withdrawn,
}

impl SignatureEventKind {
    pub fn as_str(self) -> &'static str {
        match self {
            SignatureEventKind::Signed => "signed",
            SignatureEventKind::Withdrawn => "withdrawn",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "signed" => Some(SignatureEventKind::Signed),
            "withdrawn" => Some(SignatureEventKind::Withdrawn),
            _ => None,
        }
    }
}

/// One line of an assessment's signature history: a signature given or withdrawn, whose it
/// was, when it happened and who did it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SignatureEvent {
    pub kind: SignatureEventKind,
    pub role: SignatureRole,
    /// The signer's name.
    pub name: String,
    /// When the signature was given (RFC 3339).
    pub signed_at: String,
    /// When it was given or withdrawn (RFC 3339).
    pub at: String,
    /// Who recorded it: the app's user.
    pub by: String,
}

/// A signature as stored and shown.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Signature {
    pub role: SignatureRole,
    pub name: String,
    pub position: String,
    /// RFC 3339.
    pub signed_at: String,
    /// The drawn mark; `None` when the signature is the typed name.
    pub drawing: Option<Drawing>,
    /// False when the answers, the trace tests or the verdict changed after signing: the
    /// signature no longer covers the record and must be given again.
    pub current: bool,
}

/// The record a signature covers, as one canonical text: every answer (item, result, note,
/// reason; S4.1's sub-checks too), every trace test with its figures and lots, and the verdict
/// with its score. Corrective actions added or moving later (done, verified) are follow-up, not
/// part of what was signed. The use case stores a digest of this text with each signature.
pub fn signed_content(items: &[AssessmentItem], tests: &[TraceTest], verdict: &Verdict) -> String {
    let mut out = String::new();
    fn answers(out: &mut String, items: &[AssessmentItem]) {
        for i in items {
            match &i.answer {
                Some(a) => {
                    let _ = writeln!(
                        out,
                        "item\t{}\t{:?}\t{}\t{}",
                        i.item.id, a.result, a.note, a.reason
                    );
                }
                None => {
                    let _ = writeln!(out, "item\t{}\t-", i.item.id);
                }
            }
            answers(out, &i.subchecks);
        }
    }
    answers(&mut out, items);
    for t in tests {
        let _ = writeln!(
            out,
            "trace\t{}\t{:?}\t{}\t{}\t{}\t{}/{}\t{}/{}\t{}\t{}/{}\t{}\t{}\t{}\t{}\t{:?}",
            t.id,
            t.direction,
            t.lot,
            t.started,
            t.finished,
            t.links_found,
            t.links_expected,
            t.accounted_qty,
            t.input_qty,
            t.unit,
            t.kde_present,
            t.kde_required,
            t.contradictions,
            t.typos,
            t.explanation,
            t.note,
            t.retest_of
        );
        for l in &t.lots {
            let _ = writeln!(
                out,
                "lot\t{}\t{}\t{:?}\t{}",
                l.lot, l.product, l.quantity, l.unit
            );
        }
    }
    let _ = writeln!(out, "verdict\t{:?}\t{:.4}", verdict.verdict, verdict.score);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn drawing() -> Drawing {
        Drawing {
            width: 400.0,
            height: 150.0,
            strokes: vec![
                vec![[10.0, 100.0], [40.5, 20.25], [80.0, 120.0]],
                vec![[200.0, 75.0]],
            ],
        }
    }

    fn input(drawing: Option<Drawing>) -> SignInput {
        SignInput {
            role: SignatureRole::Leader,
            name: "  Nguyễn Thị Hoa ".into(),
            position: "Phó Chi cục trưởng".into(),
            drawing,
        }
    }

    #[test]
    fn only_a_completed_assessment_is_signed() {
        assert!(may_sign(AssessmentStatus::Completed).is_ok());
        for s in [
            AssessmentStatus::Planned,
            AssessmentStatus::InProgress,
            AssessmentStatus::Closed,
        ] {
            let e = may_sign(s).unwrap_err();
            assert!(e.vi.contains("ký"), "{}", e.vi);
        }
    }

    #[test]
    fn roles_read_back_and_have_words() {
        for r in SignatureRole::ALL {
            assert_eq!(SignatureRole::parse(r.as_str()), Some(r));
            assert!(!r.label().vi.is_empty());
        }
        assert_eq!(SignatureRole::parse("chairman"), None);
        assert_eq!(
            serde_json::to_value(SignatureRole::Representative).unwrap(),
            "representative"
        );
    }

    #[test]
    fn a_signer_needs_a_name_of_one_line() {
        let ok = input(None).checked().unwrap();
        assert_eq!(ok.name, "Nguyễn Thị Hoa");
        let mut blank = input(None);
        blank.name = "   ".into();
        assert!(blank.checked().unwrap_err().vi.contains("họ tên"));
        let mut long = input(None);
        long.name = "A".repeat(MAX_NAME_CHARS + 1);
        assert!(long.checked().is_err());
        let mut two = input(None);
        two.position = "Trưởng\nphòng".into();
        assert!(two.checked().is_err());
        // NFD input is stored NFC.
        let mut nfd = input(None);
        nfd.name = "Nguye\u{302}\u{303}n".into();
        assert_eq!(nfd.checked().unwrap().name, "Nguyễn");
    }

    #[test]
    fn a_drawing_is_bounded_and_inside_its_box() {
        assert_eq!(drawing().problem(), None);
        let empty = Drawing {
            strokes: vec![vec![]],
            ..drawing()
        };
        assert!(empty.problem().unwrap().vi.contains("chưa có nét"));
        let outside = Drawing {
            strokes: vec![vec![[401.0, 10.0]]],
            ..drawing()
        };
        assert!(outside.problem().unwrap().vi.contains("ngoài khung"));
        let nan = Drawing {
            strokes: vec![vec![[f32::NAN, 10.0]]],
            ..drawing()
        };
        assert!(nan.problem().is_some());
        let huge_box = Drawing {
            width: 5000.0,
            ..drawing()
        };
        assert!(huge_box.problem().is_some());
        let many_strokes = Drawing {
            strokes: vec![vec![[1.0, 1.0]]; Drawing::MAX_STROKES + 1],
            ..drawing()
        };
        assert!(many_strokes.problem().unwrap().vi.contains("nét"));
        let many_points = Drawing {
            strokes: vec![vec![[1.0, 1.0]; Drawing::MAX_POINTS + 1]],
            ..drawing()
        };
        assert!(many_points.problem().unwrap().vi.contains("điểm"));
        assert!(input(Some(many_points)).checked().is_err());
        let at_limit = Drawing {
            strokes: vec![vec![[1.0, 1.0]; Drawing::MAX_POINTS]],
            ..drawing()
        };
        assert_eq!(at_limit.problem(), None);
    }

    #[test]
    fn a_drawing_round_trips_through_svg() {
        let d = drawing().tidy();
        let svg = d.to_svg("Chữ ký của Nguyễn Thị Hoa <x>");
        assert!(svg.contains("aria-label=\"Chữ ký của Nguyễn Thị Hoa  x \""));
        assert!(svg.contains("stroke-linecap=\"round\""));
        assert_eq!(Drawing::from_svg(&svg), Some(d));
        assert_eq!(Drawing::from_svg("<svg><rect/></svg>"), None);
        assert_eq!(Drawing::from_svg("<png"), None);
    }

    proptest::proptest! {
        /// Any drawing inside its box comes back from its SVG as it was tidied.
        #[test]
        fn any_tidy_drawing_round_trips_through_svg(
            w in 1.0f32..2000.0,
            h in 1.0f32..2000.0,
            strokes in proptest::collection::vec(
                proptest::collection::vec((0.0f32..=1.0, 0.0f32..=1.0), 1..40),
                1..12,
            ),
        ) {
            let d = Drawing {
                width: w,
                height: h,
                strokes: strokes
                    .iter()
                    .map(|s| s.iter().map(|(x, y)| [x * w, y * h]).collect())
                    .collect(),
            };
            let t = d.tidy();
            proptest::prop_assume!(t.problem().is_none());
            proptest::prop_assert_eq!(Drawing::from_svg(&t.to_svg("Chữ ký")), Some(t));
        }
    }

    #[test]
    fn tidy_drops_empty_strokes_and_rounds() {
        let d = Drawing {
            width: 400.04,
            height: 150.0,
            strokes: vec![vec![], vec![[1.234, 5.678], [1.21, 5.7], [3.0, 4.0]]],
        };
        let t = d.tidy();
        assert_eq!(t.strokes, vec![vec![[1.2, 5.7], [3.0, 4.0]]]);
        assert_eq!(t.width, 400.0);
    }
}
