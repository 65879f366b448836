//! The `clone-rules` binary, run as a user runs it: every exit status of
//! spec §10, what goes to standard output and what to standard error.
//!
//! 0 — the payload on standard output; 1 — Zoho's error response on standard
//! output; 2 — one line on standard error naming the culprit, nothing on
//! standard output, never a panic.

// The binary exists only with the `cli` feature.
#![cfg(feature = "cli")]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};

use serde_json::{Value, json};

const BIN: &str = env!("CARGO_BIN_EXE_clone-rules");

/// What one run of the binary left behind.
#[derive(Debug)]
struct Run {
    status: i32,
    stdout: String,
    stderr: String,
}

impl Run {
    fn json(&self) -> Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|error| panic!("stdout is not JSON ({error}): {}", self.stdout))
    }
}

/// A file of the repository, by its path from the crate root.
fn repo(path: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(path)
        .display()
        .to_string()
}

/// Runs the binary with `args` and, when given, `stdin` as standard input.
fn run_with(args: &[&str], stdin: Option<&str>) -> Run {
    let mut child = Command::new(BIN)
        .args(args)
        .env("RUST_BACKTRACE", "1")
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary starts");
    if let Some(text) = stdin {
        let mut pipe = child.stdin.take().expect("stdin is piped");
        // The binary may refuse its arguments before reading standard input.
        match pipe.write_all(text.as_bytes()) {
            Err(error) if error.kind() != std::io::ErrorKind::BrokenPipe => {
                panic!("cannot write standard input: {error}")
            }
            _ => {}
        }
    }
    let output = child.wait_with_output().expect("the binary ends");
    Run {
        status: output.status.code().expect("the binary exits, not killed"),
        stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
    }
}

fn run(args: &[&str]) -> Run {
    run_with(args, None)
}

/// A fresh path in the system's temporary directory, unique to this run.
fn temp_path(name: &str) -> PathBuf {
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let pid = std::process::id();
    std::env::temp_dir().join(format!("clone-rules-cli-{pid}-{n}-{name}"))
}

/// Writes `content` to a fresh temporary file and returns its path.
fn temp_file(name: &str, content: impl AsRef<[u8]>) -> String {
    let path = temp_path(name);
    std::fs::write(&path, content).expect("the temporary directory is writable");
    path.display().to_string()
}

/// The README's main command, with `extra` arguments before the parent.
fn readme_command(extra: &[&str], parent: &str) -> Vec<String> {
    let mut args: Vec<String> = [
        "clone",
        "--module",
        "Leads",
        "--fields",
        &repo("examples/leads/fields.json"),
        "--subform-fields",
        &format!(
            "Project_Details={}",
            repo("examples/leads/project_details.fields.json")
        ),
        "--body",
        &repo("examples/leads/body.json"),
    ]
    .iter()
    .map(ToString::to_string)
    .collect();
    args.extend(extra.iter().map(ToString::to_string));
    args.push(parent.to_owned());
    args
}

/// Replaces the `--body` file of `args`.
fn set_body(args: &mut [String], body: impl Into<String>) {
    let at = args.iter().position(|a| a == "--body").expect("has --body") + 1;
    args[at] = body.into();
}

fn run_owned(args: &[String]) -> Run {
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    run(&args)
}

fn lead_parent() -> String {
    repo("examples/leads/parent.json")
}

/// Every object key at any depth of `value`.
fn all_keys(value: &Value, keys: &mut Vec<String>) {
    match value {
        Value::Object(object) => {
            for (key, inner) in object {
                keys.push(key.clone());
                all_keys(inner, keys);
            }
        }
        Value::Array(items) => items.iter().for_each(|item| all_keys(item, keys)),
        _ => {}
    }
}

// Exit status 0.

#[test]
fn readme_command_prints_a_payload_without_ids_or_dollar_keys() {
    let run = run_owned(&readme_command(&[], &lead_parent()));
    assert_eq!(run.status, 0, "stderr: {}", run.stderr);
    assert_eq!(run.stderr, "");

    let payload = run.json();
    let record = &payload["data"][0];
    assert!(record.is_object(), "data[0] is a record: {payload}");
    assert!(record.get("id").is_none());
    let mut keys = Vec::new();
    all_keys(record, &mut keys);
    assert!(
        !keys.iter().any(|key| key.starts_with('$')),
        "keys: {keys:?}"
    );
    assert_eq!(record["Last_Name"], "Lovelace (clone)");
    assert_eq!(
        record["Description"], "$5 off today",
        "values are never touched"
    );
    assert_eq!(payload["trigger"], json!(["workflow"]));
    insta::assert_snapshot!("readme_command", run.stdout);
}

#[test]
fn parent_from_standard_input_gives_the_same_payload() {
    let from_file = run_owned(&readme_command(&[], &lead_parent()));
    let parent = std::fs::read_to_string(lead_parent()).expect("the example exists");
    let args = readme_command(&[], "-");
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let from_stdin = run_with(&args, Some(&parent));
    assert_eq!(from_stdin.status, 0, "stderr: {}", from_stdin.stderr);
    assert_eq!(from_stdin.stdout, from_file.stdout);
}

#[test]
fn a_bare_record_parent_is_read_like_a_response() {
    let response: Value =
        serde_json::from_str(&std::fs::read_to_string(lead_parent()).expect("example")).unwrap();
    let bare = temp_file("bare.json", response["data"][0].to_string());
    let from_bare = run_owned(&readme_command(&[], &bare));
    let from_response = run_owned(&readme_command(&[], &lead_parent()));
    assert_eq!(from_bare.status, 0, "stderr: {}", from_bare.stderr);
    assert_eq!(from_bare.stdout, from_response.stdout);
}

#[test]
fn report_file_holds_exactly_the_spec_keys() {
    let report_path = temp_path("report.json");
    let report_arg = report_path.display().to_string();
    let run = run_owned(&readme_command(&["--report", &report_arg], &lead_parent()));
    assert_eq!(run.status, 0, "stderr: {}", run.stderr);

    let report: Value =
        serde_json::from_str(&std::fs::read_to_string(&report_path).expect("report written"))
            .expect("the report is JSON");
    let mut keys: Vec<&str> = report
        .as_object()
        .expect("the report is an object")
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    let expected = [
        "dropped",
        "kept",
        "module",
        "overridden",
        "refused",
        "source_id",
        "warnings",
    ];
    assert_eq!(keys, expected);
    assert_eq!(report["module"], "Leads");
    assert_eq!(report["source_id"], "7300000000000000001");
    let dropped = report["dropped"].as_array().expect("dropped is a list");
    assert!(dropped.contains(&json!({"path": "id", "reason": "record_id"})));
    let parent_link = json!({"path": "Project_Details[0].Parent_Id", "reason": "parent_link"});
    assert!(dropped.contains(&parent_link), "dropped: {dropped:?}");
    assert!(
        report["overridden"]
            .as_array()
            .unwrap()
            .contains(&json!("Last_Name"))
    );
    assert!(
        report["kept"]
            .as_array()
            .unwrap()
            .contains(&json!("Company"))
    );
}

#[test]
fn help_and_version_go_to_standard_output() {
    for flag in ["--help", "--version"] {
        let run = run(&[flag]);
        assert_eq!(run.status, 0, "{flag}");
        assert!(run.stdout.contains("clone-rules"), "{flag}: {}", run.stdout);
        assert_eq!(run.stderr, "", "{flag}");
    }
}

// Exit status 1: Zoho's answer on standard output.

/// Asserts a Zoho error run and returns the response.
fn zoho_error(run: &Run) -> Value {
    assert_eq!(
        run.status, 1,
        "stdout: {}\nstderr: {}",
        run.stdout, run.stderr
    );
    run.json()
}

fn lead_args<'a>(module: &'a str, fields: &'a str, parent: &'a str) -> [&'a str; 6] {
    ["clone", "--module", module, "--fields", fields, parent]
}

#[test]
fn a_module_that_cannot_be_cloned_is_invalid_module() {
    let (fields, parent) = (repo("examples/leads/fields.json"), lead_parent());
    let response = zoho_error(&run(&lead_args("Notes", &fields, &parent)));
    let expected = json!({"data": [{
        "code": "INVALID_MODULE",
        "details": {"resource_path_index": 0},
        "message": "the module name given seems to be invalid",
        "status": "error",
    }]});
    assert_eq!(response, expected);
}

#[test]
fn a_ui_label_or_miscased_name_is_invalid_module_with_a_hint() {
    let fields = repo("tests/fixtures/metadata/Events.fields.json");
    let parent = repo("tests/fixtures/records/Events.json");
    for (given, meant) in [("Meetings", "Events"), ("events", "Events")] {
        let run = run(&lead_args(given, &fields, &parent));
        let response = zoho_error(&run);
        assert_eq!(response["data"][0]["code"], "INVALID_MODULE", "{given}");
        assert_eq!(run.stderr.lines().count(), 1, "{given}: {}", run.stderr);
        assert!(run.stderr.contains(meant), "{given}: {}", run.stderr);
    }
}

#[test]
fn an_invalid_module_still_writes_a_report() {
    let report_path = temp_path("invalid-module-report.json");
    let report_arg = report_path.display().to_string();
    let (fields, parent) = (repo("examples/leads/fields.json"), lead_parent());
    let mut args = lead_args("Notes", &fields, &parent).to_vec();
    args.extend(["--report", &report_arg]);
    zoho_error(&run(&args));
    let report: Value =
        serde_json::from_str(&std::fs::read_to_string(&report_path).expect("report written"))
            .expect("the report is JSON");
    assert_eq!(report["module"], "Notes");
    assert_eq!(report["source_id"], "7300000000000000001");
    assert_eq!(report["kept"], json!([]));
}

#[test]
fn an_override_row_id_matching_no_parent_row_is_invalid_data_and_reported() {
    let body = temp_file(
        "unknown-row.json",
        r#"{"data":[{"Last_Name":"X","Email":"x@example.com","Phone":"1",
            "Project_Details":[{"id":"999","Budget":1}]}]}"#,
    );
    let report_path = temp_path("unknown-row-report.json");
    let report_arg = report_path.display().to_string();
    let mut args = readme_command(&["--report", &report_arg], &lead_parent());
    set_body(&mut args, body);
    let run = run_owned(&args);

    let response = zoho_error(&run);
    let error = &response["data"][0];
    assert_eq!(error["code"], "INVALID_DATA");
    assert_eq!(
        error["details"]["json_path"],
        "$.data[0].Project_Details[0].id"
    );
    assert_eq!(error["status"], "error");

    let report: Value =
        serde_json::from_str(&std::fs::read_to_string(&report_path).expect("report written"))
            .expect("the report is JSON");
    assert_eq!(report["module"], "Leads");
    assert_eq!(report["source_id"], "7300000000000000001");
}

#[test]
fn all_errors_wraps_several_errors() {
    let body = temp_file(
        "two-unknown-rows.json",
        r#"{"data":[{"Last_Name":"X","Email":"x@example.com","Phone":"1",
            "Project_Details":[{"id":"998"},{"id":"999"}]}]}"#,
    );
    let mut args = readme_command(&["--all-errors"], &lead_parent());
    set_body(&mut args, body);
    let response = zoho_error(&run_owned(&args));
    assert_eq!(response["data"][0]["code"], "MULTIPLE_OR_MULTI_ERRORS");
    let errors = response["data"][0]["details"]["errors"].as_array().unwrap();
    assert!(errors.len() >= 2, "errors: {errors:?}");
}

#[test]
fn a_scope_for_another_module_is_a_flat_scope_mismatch() {
    let run = run_owned(&readme_command(
        &["--scope", "ZohoCRM.modules.contacts.READ"],
        &lead_parent(),
    ));
    let response = zoho_error(&run);
    let expected = json!({
        "code": "OAUTH_SCOPE_MISMATCH",
        "details": {},
        "message": "Unauthorized",
        "status": "error",
    });
    assert_eq!(response, expected);
}

#[test]
fn a_scope_for_the_module_allows_the_clone() {
    let run = run_owned(&readme_command(
        &[
            "--scope",
            "ZohoCRM.modules.contacts.READ,ZohoCRM.modules.leads.CREATE",
        ],
        &lead_parent(),
    ));
    assert_eq!(
        run.status, 0,
        "stdout: {}\nstderr: {}",
        run.stdout, run.stderr
    );
}

// Exit status 2: one line on standard error, nothing on standard output.

/// Asserts a bad-input run: status 2, empty stdout, one stderr line that
/// names `culprit`, no panic.
#[track_caller]
fn assert_bad_input(run: &Run, culprit: &str) {
    assert_eq!(
        run.status, 2,
        "stdout: {}\nstderr: {}",
        run.stdout, run.stderr
    );
    assert_eq!(run.stdout, "", "nothing on stdout");
    assert_eq!(run.stderr.lines().count(), 1, "one line: {:?}", run.stderr);
    assert!(run.stderr.ends_with('\n'), "a whole line: {:?}", run.stderr);
    assert!(
        run.stderr.contains(culprit),
        "names {culprit}: {}",
        run.stderr
    );
    for sign in ["panicked", "RUST_BACKTRACE", "stack backtrace"] {
        assert!(!run.stderr.contains(sign), "{sign}: {}", run.stderr);
    }
}

#[test]
fn a_missing_parent_file_is_named() {
    let missing = temp_path("does-not-exist.json").display().to_string();
    let run = run_owned(&readme_command(&[], &missing));
    assert_bad_input(&run, &missing);
}

#[test]
fn a_missing_fields_file_is_named() {
    let missing = temp_path("no-fields.json").display().to_string();
    let parent = lead_parent();
    assert_bad_input(&run(&lead_args("Leads", &missing, &parent)), &missing);
}

#[test]
fn malformed_json_is_named() {
    let broken = temp_file("broken.json", r#"{"data": [{"Last_Name": "#);
    assert_bad_input(&run_owned(&readme_command(&[], &broken)), &broken);
    let body = temp_file("broken-body.json", "{,}");
    let mut args = readme_command(&[], &lead_parent());
    set_body(&mut args, body.clone());
    assert_bad_input(&run_owned(&args), &body);
}

#[test]
fn a_file_that_is_not_utf8_is_named() {
    let latin1 = temp_file("latin1.json", b"{\"Company\": \"Caf\xe9\"}");
    assert_bad_input(&run_owned(&readme_command(&[], &latin1)), &latin1);
}

#[test]
fn a_parent_that_is_not_one_record_is_refused() {
    for (name, content) in [
        ("array.json", "[{\"Last_Name\": \"A\"}]"),
        ("two-records.json", r#"{"data":[{},{}]}"#),
        ("no-records.json", r#"{"data":[]}"#),
        ("scalar-entry.json", r#"{"data":[7]}"#),
        ("string.json", r#""Leads""#),
    ] {
        let parent = temp_file(name, content);
        assert_bad_input(&run_owned(&readme_command(&[], &parent)), &parent);
    }
}

#[test]
fn a_bad_parent_on_standard_input_is_named() {
    let args = readme_command(&[], "-");
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    assert_bad_input(&run_with(&args, Some("[]")), "standard input");
}

#[test]
fn metadata_that_is_not_a_fields_response_is_named() {
    let layouts = repo("tests/fixtures/layouts/Leads.layouts.json");
    let parent = lead_parent();
    assert_bad_input(&run(&lead_args("Leads", &layouts, &parent)), &layouts);
    let record = lead_parent();
    assert_bad_input(&run(&lead_args("Leads", &record, &parent)), &record);
}

#[test]
fn subform_fields_without_equals_is_a_usage_error() {
    let fields = repo("examples/leads/fields.json");
    let parent = lead_parent();
    let args = [
        "clone",
        "--module",
        "Leads",
        "--fields",
        &fields,
        "--subform-fields",
        "Project_Details",
        &parent,
    ];
    assert_bad_input(&run(&args), "--subform-fields");
}

#[test]
fn subform_fields_for_no_subform_is_named() {
    let fields = repo("examples/leads/fields.json");
    let sub = format!(
        "Nonexistent_Subform={}",
        repo("examples/leads/project_details.fields.json")
    );
    let parent = lead_parent();
    let args = [
        "clone",
        "--module",
        "Leads",
        "--fields",
        &fields,
        "--subform-fields",
        &sub,
        &parent,
    ];
    let run = run(&args);
    assert_bad_input(&run, "Nonexistent_Subform");
    assert!(run.stderr.contains("--subform-fields"), "{}", run.stderr);
}

#[test]
fn an_unknown_exclusion_is_named() {
    for path in [
        "No_Such_Field",
        "Project_Details.No_Such_Column",
        "No_Such_Subform.Budget",
    ] {
        let run = run_owned(&readme_command(&["--exclude", path], &lead_parent()));
        assert_bad_input(&run, path);
        assert!(run.stderr.contains("--exclude"), "{}", run.stderr);
    }
}

#[test]
fn a_known_exclusion_is_applied() {
    let report_path = temp_path("exclude-report.json");
    let report_arg = report_path.display().to_string();
    let extra = ["--exclude", "lead_source", "--report", &report_arg];
    let run = run_owned(&readme_command(&extra, &lead_parent()));
    assert_eq!(run.status, 0, "stderr: {}", run.stderr);
    assert!(run.json()["data"][0].get("Lead_Source").is_none());
    let report: Value =
        serde_json::from_str(&std::fs::read_to_string(&report_path).expect("report")).unwrap();
    let dropped = report["dropped"].as_array().unwrap();
    assert!(dropped.contains(&json!({"path": "Lead_Source", "reason": "custom_rule"})));
}

#[test]
fn appointments_without_an_information_section_need_layouts() {
    let fields = repo("tests/fixtures/metadata/Appointments__s.fields.json");
    let parent = repo("tests/fixtures/records/Appointments__s.json");
    let without = run(&lead_args("Appointments__s", &fields, &parent));
    assert_bad_input(&without, "--layouts");

    let layouts = repo("tests/fixtures/layouts/Appointments__s.no-info-section.layouts.json");
    let args = [
        "clone",
        "--module",
        "Appointments__s",
        "--fields",
        &fields,
        "--layouts",
        &layouts,
        &parent,
    ];
    assert_bad_input(&run(&args), "Appointment Information");
}

#[test]
fn usage_errors_name_the_flag() {
    let with_fields = |extra: &[&str]| {
        let fields = repo("examples/leads/fields.json");
        let mut args = vec!["clone".to_owned(), "--module".into(), "Leads".into()];
        args.extend(["--fields".to_owned(), fields]);
        args.extend(extra.iter().map(ToString::to_string));
        args.push(lead_parent());
        args
    };
    let no_fields = vec![
        "clone".into(),
        "--module".into(),
        "Leads".into(),
        lead_parent(),
    ];
    let cases: [(Vec<String>, &str); 5] = [
        (with_fields(&["--frobnicate"]), "--frobnicate"),
        (with_fields(&["--unique", "maybe"]), "--unique"),
        (no_fields, "--fields"),
        (vec!["transmogrify".into()], "transmogrify"),
        (Vec::new(), "subcommand"),
    ];
    for (args, culprit) in cases {
        assert_bad_input(&run_owned(&args), culprit);
    }
}

#[test]
fn standard_input_can_be_read_once_only() {
    let mut args = readme_command(&[], "-");
    set_body(&mut args, "-");
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    assert_bad_input(&run_with(&args, Some("{}")), "standard input");
}

#[test]
fn an_unwritable_report_is_named() {
    let dir = temp_path("no-such-dir");
    let report = dir.join("report.json").display().to_string();
    let run = run_owned(&readme_command(&["--report", &report], &lead_parent()));
    assert_bad_input(&run, &report);
}

#[cfg(target_os = "linux")]
#[test]
fn a_full_standard_output_is_said_on_standard_error() {
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .expect("/dev/full exists on Linux");
    let output = Command::new(BIN)
        .args(readme_command(&[], &lead_parent()))
        .stdout(full)
        .output()
        .expect("the binary runs");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("standard output"), "{stderr}");
}

// `batch`: one line per record.

fn batch_args(extra: &[&str], parents: &str) -> Vec<String> {
    let mut args = readme_command(extra, parents);
    "batch".clone_into(&mut args[0]);
    args
}

fn parent_line() -> String {
    let response: Value =
        serde_json::from_str(&std::fs::read_to_string(lead_parent()).expect("example")).unwrap();
    response["data"][0].to_string()
}

#[test]
fn batch_answers_each_record_on_its_own_line() {
    let record = parent_line();
    let lines = format!("{record}\n\n{{\"data\":[{record}]}}\n");
    let parents = temp_file("parents.ndjson", lines);
    let report_path = temp_path("batch-report.ndjson");
    let report_arg = report_path.display().to_string();
    let run = run_owned(&batch_args(&["--report", &report_arg], &parents));
    assert_eq!(run.status, 0, "stderr: {}", run.stderr);

    let single = run_owned(&readme_command(&[], &lead_parent())).json();
    let answers: Vec<Value> = run
        .stdout
        .lines()
        .map(|line| serde_json::from_str(line).expect("each line is JSON"))
        .collect();
    assert_eq!(answers, [single.clone(), single], "blank lines are skipped");
    let reports = std::fs::read_to_string(&report_path).expect("reports written");
    assert_eq!(reports.lines().count(), 2);
}

#[test]
fn batch_exits_1_when_a_record_is_refused() {
    let record = parent_line();
    let mut too_many: Value = serde_json::from_str(&record).unwrap();
    let row = json!({"Project_Name": "Row", "Budget": 1});
    too_many["Project_Details"] = Value::Array(vec![row; 101]);
    let parents = temp_file("mixed.ndjson", format!("{record}\n{too_many}\n"));
    let run = run_owned(&batch_args(&[], &parents));
    assert_eq!(
        run.status, 1,
        "stdout: {}\nstderr: {}",
        run.stdout, run.stderr
    );

    let answers: Vec<Value> = run
        .stdout
        .lines()
        .map(|line| serde_json::from_str(line).expect("each line is JSON"))
        .collect();
    assert_eq!(answers.len(), 2);
    assert!(
        answers[0]["data"][0]["Last_Name"].is_string(),
        "{}",
        answers[0]
    );
    let error = &answers[1]["data"][0];
    assert_eq!(error["code"], "LIMIT_EXCEEDED", "{error}");
    assert_eq!(error["details"]["json_path"], "$.data[0].Project_Details");
}

#[test]
fn batch_names_the_line_that_is_not_a_record() {
    let record = parent_line();
    let parents = temp_file("bad-line.ndjson", format!("{record}\n[1, 2]\n"));
    let run = run_owned(&batch_args(&[], &parents));
    assert_eq!(run.status, 2);
    assert_eq!(
        run.stdout.lines().count(),
        1,
        "the first record was answered"
    );
    assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
    assert!(run.stderr.contains("line 2"), "{}", run.stderr);
}

// `validate`: an Insert Records body, checked offline.

fn validate_args(body: &str) -> Vec<String> {
    let fields = repo("examples/leads/fields.json");
    ["validate", "--module", "Leads", "--fields", &fields, body]
        .iter()
        .map(ToString::to_string)
        .collect()
}

#[test]
fn validate_accepts_a_valid_body() {
    let body = temp_file(
        "insert.json",
        r#"{"data":[{"Last_Name":"Byron","Company":"X"}]}"#,
    );
    let run = run_owned(&validate_args(&body));
    assert_eq!(
        run.status, 0,
        "stdout: {}\nstderr: {}",
        run.stdout, run.stderr
    );
    assert_eq!(run.json()["data"][0]["status"], "success");
}

#[test]
fn validate_answers_as_zoho_for_an_invalid_body() {
    let body = temp_file("insert-invalid.json", r#"{"data":[{"Company":"X"}]}"#);
    let response = zoho_error(&run_owned(&validate_args(&body)));
    let error = &response["data"][0];
    assert_eq!(error["code"], "MANDATORY_NOT_FOUND", "{response}");
    assert_eq!(error["details"]["json_path"], "$.data[0].Last_Name");
}

#[test]
fn validate_names_a_body_that_is_not_json() {
    let body = temp_file("insert-broken.json", "{\"data\": [");
    assert_bad_input(&run_owned(&validate_args(&body)), &body);
}

/// `validate` accepts the real Appointments insert body (a request Zoho
/// accepted) without any layouts, which only cloning needs.
#[test]
fn validate_accepts_a_real_appointments_body_without_layouts() {
    let body = repo("../shared/realdata/Appointments__s.input.crmoas-v8-create-body-4rows.json");
    if !Path::new(&body).exists() {
        return;
    }
    let fields = repo("tests/fixtures/metadata/Appointments__s.fields.json");
    let run = run(&[
        "validate",
        "--module",
        "Appointments__s",
        "--fields",
        &fields,
        &body,
    ]);
    assert_eq!(run.status, 0, "{}{}", run.stdout, run.stderr);
    let response = run.json();
    let entries = response["data"].as_array().expect("one entry per record");
    assert_eq!(entries.len(), 4);
    assert!(entries.iter().all(|entry| entry["status"] == "success"));
}

/// A worker count past the cap is refused before any thread starts (a
/// newcomer's `--workers 65535` once started 65,535 threads).
#[test]
fn batch_refuses_more_workers_than_the_cap() {
    let parents = temp_file("workers.ndjson", format!("{}\n", parent_line()));
    let run = run_owned(&batch_args(&["--workers", "65535"], &parents));
    assert_bad_input(&run, "--workers");
    let run = run_owned(&batch_args(&["--workers", "256"], &parents));
    assert_eq!(run.status, 0, "{}", run.stderr);
}

/// A refused module in `batch` answers every record on its own line, writes
/// a report per record, and still reads the input (newcomer's finding).
#[test]
fn batch_with_a_refused_module_answers_each_record() {
    let record = parent_line();
    let parents = temp_file("refused.ndjson", format!("{record}\n{record}\n"));
    let report_path = temp_path("refused-report.ndjson");
    let report_arg = report_path.display().to_string();
    let mut args = batch_args(&["--report", &report_arg], &parents);
    let module = args.iter().position(|a| a == "--module").expect("--module") + 1;
    "Meetings".clone_into(&mut args[module]);
    let run = run_owned(&args);
    assert_eq!(run.status, 1, "{}", run.stderr);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 2, "one line per record: {}", run.stdout);
    for line in lines {
        let answer: Value = serde_json::from_str(line).expect("JSON line");
        assert_eq!(answer["data"][0]["code"], "INVALID_MODULE");
    }
    assert!(run.stderr.contains("Events"), "the hint: {}", run.stderr);
    let reports = std::fs::read_to_string(&report_path).expect("reports");
    assert_eq!(reports.lines().count(), 2);

    let bad = temp_file("refused-bad.ndjson", format!("{record}\n{{oops\n"));
    let mut args = batch_args(&[], &bad);
    "Meetings".clone_into(&mut args[module]);
    let run = run_owned(&args);
    assert_eq!(run.status, 2, "a bad line is still bad input");
    assert!(run.stderr.contains("line 2"), "{}", run.stderr);
}

/// Answers computed before a line that is not UTF-8 are written before the
/// batch stops (newcomer's finding: they were lost).
#[test]
fn batch_keeps_the_answers_before_a_line_that_is_not_utf8() {
    let record = parent_line();
    let mut bytes = format!("{record}\n{record}\n").into_bytes();
    bytes.extend_from_slice(b"{\"Last_Name\":\"\xff\"}\n");
    let path = temp_path("not-utf8.ndjson");
    std::fs::write(&path, bytes).expect("write");
    let run = run_owned(&batch_args(&[], &path.display().to_string()));
    assert_eq!(run.status, 2);
    assert_eq!(
        run.stdout.lines().count(),
        2,
        "both answers kept: {}",
        run.stdout
    );
    assert!(
        run.stderr.contains("line 3") && run.stderr.contains("UTF-8"),
        "{}",
        run.stderr
    );
}

/// A byte-order mark at the start of a file is accepted, in JSON files and
/// NDJSON inputs alike.
#[test]
fn a_byte_order_mark_is_accepted() {
    let text = std::fs::read_to_string(lead_parent()).expect("example");
    let parent = temp_file("bom.json", format!("\u{feff}{text}"));
    let run = run_owned(&readme_command(&[], &parent));
    assert_eq!(run.status, 0, "{}", run.stderr);
    let parents = temp_file("bom.ndjson", format!("\u{feff}{}\n", parent_line()));
    let run = run_owned(&batch_args(&[], &parents));
    assert_eq!(run.status, 0, "{}", run.stderr);
}

/// `--report -` is refused: standard output carries the answers.
#[test]
fn the_report_cannot_go_to_standard_output() {
    let run = run_owned(&readme_command(&["--report", "-"], &lead_parent()));
    assert_bad_input(&run, "--report");
}
