//! Usage errors (a missing argument, an unknown flag, a bad value) in the user's language:
//! clap writes them in English; under `--lang vi` (the default) they are said in Vietnamese,
//! with clap's usage line kept as it is. Exit code 2, like every bad input.

use clap::error::{ContextKind, ContextValue, ErrorKind};
use sotay_model::Lang;

/// The language asked for before the arguments are parsed: `--lang X`/`--lang=X`, else
/// `SOTAY_LANG`, else Vietnamese.
pub fn early_lang(args: &[String]) -> Lang {
    let mut it = args.iter();
    while let Some(a) = it.next() {
        if a == "--lang" {
            if let Some(l) = it.next().and_then(|v| Lang::parse(v)) {
                return l;
            }
        } else if let Some(v) = a.strip_prefix("--lang=") {
            if let Some(l) = Lang::parse(v) {
                return l;
            }
        }
    }
    std::env::var("SOTAY_LANG")
        .ok()
        .and_then(|v| Lang::parse(&v))
        .unwrap_or_default()
}

fn context(e: &clap::Error, kind: ContextKind) -> String {
    match e.get(kind) {
        Some(ContextValue::String(s)) => s.clone(),
        Some(ContextValue::Strings(v)) => v.join(", "),
        Some(ContextValue::StyledStr(s)) => s.to_string(),
        Some(ContextValue::StyledStrs(v)) => v
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(", "),
        Some(other) => other.to_string(),
        None => String::new(),
    }
}

/// The Vietnamese message of a usage error, or `None` for help and version output.
pub fn vietnamese(e: &clap::Error) -> Option<String> {
    let arg = context(e, ContextKind::InvalidArg);
    let value = context(e, ContextKind::InvalidValue);
    let valid = context(e, ContextKind::ValidValue);
    let what = match e.kind() {
        ErrorKind::DisplayHelp
        | ErrorKind::DisplayVersion
        | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => return None,
        ErrorKind::MissingRequiredArgument => format!("thiếu tham số bắt buộc: {arg}"),
        ErrorKind::MissingSubcommand => "thiếu lệnh con (xem --help)".to_owned(),
        ErrorKind::InvalidSubcommand => format!(
            "không có lệnh “{}”",
            context(e, ContextKind::InvalidSubcommand)
        ),
        ErrorKind::UnknownArgument => format!("không có tham số “{arg}”"),
        ErrorKind::InvalidValue if !valid.is_empty() => {
            format!("giá trị “{value}” không hợp lệ cho {arg} (chọn một trong: {valid})")
        }
        ErrorKind::InvalidValue => format!("giá trị “{value}” không hợp lệ cho {arg}"),
        ErrorKind::ValueValidation => format!("giá trị “{value}” không hợp lệ cho {arg}"),
        ErrorKind::ArgumentConflict => format!(
            "không dùng {arg} cùng với {}",
            context(e, ContextKind::PriorArg)
        ),
        ErrorKind::TooManyValues | ErrorKind::WrongNumberOfValues => {
            format!("số giá trị cho {arg} không đúng")
        }
        ErrorKind::NoEquals => format!("{arg} cần dạng {arg}=GIÁ_TRỊ"),
        ErrorKind::InvalidUtf8 => "tham số không phải văn bản UTF-8".to_owned(),
        _ => "cách dùng không đúng".to_owned(),
    };
    let usage = context(e, ContextKind::Usage);
    let usage = usage.trim().replace("Usage:", "Cách dùng:");
    let usage = if usage.is_empty() {
        String::new()
    } else {
        format!("\n\n{usage}")
    };
    Some(format!(
        "lỗi: {what}.{usage}\n\nXem thêm: sotay --help (hoặc sotay LỆNH --help)."
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[test]
    fn usage_errors_are_said_in_vietnamese() {
        let e = crate::args::Args::try_parse_from(["sotay", "assess", "trace", "A"]).unwrap_err();
        let m = vietnamese(&e).unwrap();
        assert!(
            m.starts_with("lỗi: thiếu tham số bắt buộc: --direction"),
            "{m}"
        );
        assert!(m.contains("Cách dùng:"), "{m}");
        let e = crate::args::Args::try_parse_from(["sotay", "frobnicate"]).unwrap_err();
        assert!(vietnamese(&e)
            .unwrap()
            .contains("không có lệnh “frobnicate”"));
        let e = crate::args::Args::try_parse_from(["sotay", "--help"]).unwrap_err();
        assert!(vietnamese(&e).is_none());
        assert_eq!(early_lang(&["sotay".into(), "--lang=en".into()]), Lang::En);
    }
}
