//! The one CSV writer behind every spreadsheet-bound export (findings, trace tests, the portal
//! package): every cell passes [`sotay_model::text::spreadsheet_safe`], so a value a user typed
//! (an owner `=HYPERLINK(…)`, a lot `+1`, a note `@SUM(…)`) is never a live formula in Excel or
//! LibreOffice.

use crate::{Error, ErrorCode};

#[derive(Debug)]
pub(crate) struct Sheet {
    w: csv::Writer<Vec<u8>>,
}

fn internal(e: impl std::fmt::Display) -> Error {
    Error::new(ErrorCode::Internal, e.to_string())
}

impl Sheet {
    pub(crate) fn new() -> Self {
        Sheet {
            w: csv::Writer::from_writer(Vec::new()),
        }
    }

    /// Writes one row; each cell is made safe for a spreadsheet.
    pub(crate) fn row<I, S>(&mut self, cells: I) -> Result<(), Error>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        self.w
            .write_record(
                cells
                    .into_iter()
                    .map(|c| sotay_model::text::spreadsheet_safe(c.as_ref()).into_owned()),
            )
            .map_err(internal)
    }

    pub(crate) fn into_bytes(self) -> Result<Vec<u8>, Error> {
        self.w.into_inner().map_err(internal)
    }

    pub(crate) fn into_string(self) -> Result<String, Error> {
        String::from_utf8(self.into_bytes()?).map_err(internal)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_from_user_text_are_written_as_text() {
        let mut s = Sheet::new();
        s.row(["owner", "lot"]).unwrap();
        s.row(["=HYPERLINK(\"http://x\",\"bấm\")", "+1"]).unwrap();
        s.row(["@SUM(A1)", "-2+3"]).unwrap();
        s.row(["\tx", "Nguyễn Văn A"]).unwrap();
        let text = s.into_string().unwrap();
        let mut r = csv::Reader::from_reader(text.as_bytes());
        let rows: Vec<Vec<String>> = r
            .records()
            .map(|x| x.unwrap().iter().map(str::to_owned).collect())
            .collect();
        assert_eq!(rows[0], ["'=HYPERLINK(\"http://x\",\"bấm\")", "'+1"]);
        assert_eq!(rows[1], ["'@SUM(A1)", "'-2+3"]);
        assert_eq!(rows[2], ["'\tx", "Nguyễn Văn A"]);
    }
}
