//! `sotay ipc COMMAND ARGS`: one of the window's commands, run as the window runs it (crate
//! sotay-ipc), answered as JSON on standard output. The UI's component tests call it for
//! every backend call, so no result they check is computed in TypeScript.

use std::process::ExitCode;
use std::sync::atomic::AtomicBool;
use std::sync::Mutex;

use serde_json::{json, Value};
use sotay::{Error, ErrorCode};

use crate::args::Args;

pub fn run(args: &Args, command: &str, json_args: &str) -> Result<ExitCode, Error> {
    let invalid = |vi: String, en: String| Error::localized(ErrorCode::InvalidInput, vi, en);
    if !sotay_ipc::COMMANDS.contains(&command) {
        return Err(invalid(
            format!("Không có lệnh “{command}”."),
            format!("No command “{command}”."),
        ));
    }
    // `-`: the arguments on standard input (a photo's bytes exceed a command line's limit).
    let stdin_args;
    let json_args = if json_args == "-" {
        stdin_args = std::io::read_to_string(std::io::stdin()).map_err(|e| {
            invalid(
                format!("Không đọc được tham số từ đầu vào: {e}"),
                format!("Cannot read the arguments from standard input: {e}"),
            )
        })?;
        stdin_args.as_str()
    } else {
        json_args
    };
    let value: Value = serde_json::from_str(json_args).map_err(|e| {
        invalid(
            format!("Tham số không phải JSON: {e}"),
            format!("The arguments are not JSON: {e}"),
        )
    })?;
    let answer = match crate::open(args) {
        Err(e) => json!({ "error": e.payload(args.lang) }),
        Ok(mut ws) => {
            let events = Mutex::new(Vec::new());
            let progress = |done: usize, total: usize| {
                if let Ok(mut ev) = events.lock() {
                    let payload = sotay_ipc::PublishProgress {
                        done: done as u32,
                        total: total as u32,
                    };
                    ev.push(json!({ "event": sotay_ipc::PROGRESS_EVENT, "payload": payload }));
                }
            };
            let cancel = AtomicBool::new(false);
            let cx = sotay_ipc::Context {
                progress: &progress,
                cancel: &cancel,
            };
            let lang = sotay_ipc::lang(&ws);
            let result = sotay_ipc::call(&mut ws, &cx, command, value)
                .unwrap_or_else(|| Err(Error::new(ErrorCode::Internal, command.to_owned())));
            let events = events.into_inner().unwrap_or_default();
            match result {
                Ok(v) => json!({ "ok": v, "events": events }),
                Err(e) => json!({ "error": e.payload(lang), "events": events }),
            }
        }
    };
    let text = serde_json::to_string(&answer)
        .map_err(|e| Error::new(ErrorCode::Internal, e.to_string()))?;
    println!("{text}");
    Ok(ExitCode::SUCCESS)
}
