//! `clone-rules batch` and the library's batch API: answers in input order
//! whatever the number of workers, and each answer equal to what cloning the
//! record alone gives.

#![cfg(feature = "cli")]

use std::path::{Path, PathBuf};
use std::process::Command;

use clone_rules::{FieldsMeta, Options, Plan, SubformMerge, into_parent_record};
use serde_json::{Value, json};

const BIN: &str = env!("CARGO_BIN_EXE_clone-rules");

fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

fn read_json(path: &str) -> Value {
    serde_json::from_str(&std::fs::read_to_string(repo(path)).expect("fixture")).expect("JSON")
}

/// Parents that differ record by record: a numbered last name, every tenth
/// one without it (`MANDATORY_NOT_FOUND`), rows and `$` keys of varying count.
fn parents(count: usize) -> Vec<Value> {
    let base = read_json("examples/leads/parent.json");
    let base = base["data"][0].clone();
    (0..count)
        .map(|i| {
            let mut parent = base.clone();
            parent["id"] = json!(format!("73000000{i:011}"));
            parent["Last_Name"] = if i % 10 == 3 {
                Value::Null
            } else {
                json!(format!("Lead {i}"))
            };
            parent[format!("$seq_{}", i % 4)] = json!(i);
            let rows = parent["Project_Details"]
                .as_array()
                .cloned()
                .unwrap_or_default();
            parent["Project_Details"] = Value::Array(rows.into_iter().take(i % 3).collect());
            parent
        })
        .collect()
}

fn ndjson(parents: &[Value]) -> String {
    let lines: Vec<String> = parents.iter().map(Value::to_string).collect();
    lines.join("\n") + "\n"
}

fn plan_args() -> Vec<String> {
    let fields = repo("examples/leads/fields.json").display().to_string();
    let rows = repo("examples/leads/project_details.fields.json")
        .display()
        .to_string();
    [
        "--module",
        "Leads",
        "--fields",
        &fields,
        "--subform-fields",
        &format!("Project_Details={rows}"),
        "--unique",
        "clear",
    ]
    .map(String::from)
    .to_vec()
}

fn temp_file(name: &str, content: &str) -> PathBuf {
    let path =
        std::env::temp_dir().join(format!("clone-rules-batch-{}-{name}", std::process::id()));
    std::fs::write(&path, content).expect("temp file");
    path
}

fn run(args: &[String]) -> (i32, String) {
    let output = Command::new(BIN)
        .args(args)
        .output()
        .expect("the binary runs");
    let stdout = String::from_utf8(output.stdout).expect("UTF-8");
    (output.status.code().expect("exit status"), stdout)
}

fn batch(workers: usize, input: &Path) -> (i32, Vec<Value>) {
    let mut args = vec![
        "batch".to_owned(),
        "--workers".to_owned(),
        workers.to_string(),
    ];
    args.extend(plan_args());
    args.push(input.display().to_string());
    let (status, stdout) = run(&args);
    let lines = stdout
        .lines()
        .map(|line| serde_json::from_str(line).expect("a JSON line"))
        .collect();
    (status, lines)
}

/// More records than one chunk holds (4096 lines), so that chunks follow
/// each other and several workers share each chunk.
#[test]
fn output_order_is_input_order_with_several_workers() {
    let parents = parents(5000);
    let text = ndjson(&parents);
    let input = temp_file("order.ndjson", &text);

    let (status, one) = batch(1, &input);
    let (_, four) = batch(4, &input);
    assert_eq!(status, 1, "every tenth record is refused");
    assert_eq!(one.len(), parents.len());
    assert_eq!(four, one, "four workers answer exactly as one does");

    // Each answer belongs to its own line: the number in the last name, or
    // the refusal of the records without one.
    for (i, answer) in four.iter().enumerate() {
        if i % 10 == 3 {
            assert_eq!(answer["data"][0]["code"], "MANDATORY_NOT_FOUND", "line {i}");
        } else {
            assert_eq!(
                answer["data"][0]["Last_Name"],
                format!("Lead {i}"),
                "line {i}"
            );
        }
    }
}

/// A batch line is the single-record `clone` answer for the same parent.
#[test]
fn batch_output_equals_single_record_clone_output() {
    let parents = parents(12);
    let text = ndjson(&parents);
    let (_, answers) = batch(2, &temp_file("same.ndjson", &text));
    for (i, parent) in parents.iter().enumerate() {
        let file = temp_file(&format!("parent-{i}.json"), &parent.to_string());
        let mut args = vec!["clone".to_owned()];
        args.extend(plan_args());
        args.push(file.display().to_string());
        let (_, stdout) = run(&args);
        let single: Value = serde_json::from_str(&stdout).expect("clone prints JSON");
        assert_eq!(answers[i], single, "record {i}");
    }
}

/// The library's batch: `Batch::clone_line` and `Plan::apply_all` give the
/// same answers as `Plan::apply`, record by record.
#[test]
fn library_batch_agrees_with_apply() {
    let fields = FieldsMeta::from_json(&read_json("examples/leads/fields.json")).expect("fields");
    let rows = FieldsMeta::from_json(&read_json("examples/leads/project_details.fields.json"))
        .expect("rows");
    let options = Options::default()
        .subform_merge(SubformMerge::Update)
        .unique(clone_rules::UniquePolicy::Clear);
    let plan = Plan::builder("Leads", fields)
        .subform("Project_Details", rows)
        .options(options)
        .compile()
        .expect("plan");
    let body = json!({"data": [{"Company": "Batch Co"}], "trigger": ["workflow"]});

    let parents = parents(30);
    let records: Vec<_> = parents
        .iter()
        .map(|p| into_parent_record(p.clone()).expect("record"))
        .collect();
    let expected: Vec<_> = records.iter().map(|r| plan.apply(r, Some(&body))).collect();
    let all: Vec<_> = plan.apply_all(records, Some(&body)).collect();
    assert_eq!(all, expected);

    let mut batch = plan.batch(Some(&body));
    for (parent, want) in parents.iter().zip(&expected) {
        let answer = batch.clone_line(&parent.to_string()).expect("a record");
        let got: Value = serde_json::from_slice(answer.json).expect("JSON");
        let want = match want {
            Ok(payload) => payload.clone(),
            Err(rejection) => rejection.to_envelope(false),
        };
        assert_eq!(answer.refused, want.get("trigger").is_none());
        assert_eq!(got, want);
    }
    assert!(batch.clone_line("[1, 2]").is_err());
    assert!(batch.clone_line("{not json").is_err());
}
