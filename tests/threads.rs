//! Spec §1: a compiled plan is immutable and `Send + Sync`, applied to any
//! number of records from any number of threads.

mod common;

use std::sync::Arc;
use std::thread;

use clone_rules::{Applied, Options, Plan, UniquePolicy};
use common::*;
use serde_json::{Value, json};

const fn assert_send_sync<T: Send + Sync>() {}

const _: () = assert_send_sync::<Plan>();

/// A different Leads record for each index, with a subform row count and
/// values that depend on it.
fn record(i: usize) -> Value {
    let rows: Vec<Value> = (0..=i % 4)
        .map(|r| {
            json!({
                "id": format!("71000000000002{i:03}{r:02}"),
                "Project_Name": format!("Project {i}.{r}"),
                "Budget": i * 100 + r,
                "Budget_With_Tax": 1.0,
                "Parent_Id": {"id": format!("7100000000000100{i:03}")},
                "$approval": {"approve": false},
            })
        })
        .collect();
    json!({"data": [{
        "id": format!("7100000000000100{i:03}"),
        "Company": format!("Company {i}"),
        "Last_Name": format!("Name {i}"),
        "Phone": format!("555-{i:04}"),
        "Created_Time": "2024-05-02T10:15:00+02:00",
        "Description": if i % 3 == 0 { Value::Null } else { json!(format!("$ {i}")) },
        "$approval": {"approve": false},
        "Project_Details": rows,
    }]})
}

fn body(i: usize) -> Option<Value> {
    (i % 2 == 1).then(|| {
        json!({"data": [{"Last_Name": format!("Clone {i}"), "$x": i}],
        "trigger": ["workflow"]})
    })
}

fn shared_plan() -> Plan {
    Plan::builder("Leads", fixture_fields("Leads"))
        .subform("Project_Details", fixture_fields("Project_Details"))
        .options(Options::default().unique(UniquePolicy::Suffix))
        .compile()
        .expect("Leads compile")
}

fn run(plan: &Plan, i: usize) -> Applied {
    clone(plan, &record(i), body(i).as_ref())
}

const RECORDS: usize = 64;
const THREADS: usize = 4;

fn single_threaded(plan: &Plan) -> Vec<Applied> {
    (0..RECORDS).map(|i| run(plan, i)).collect()
}

#[test]
fn a_plan_shared_through_arc_gives_the_single_threaded_results() {
    let plan = Arc::new(shared_plan());
    let expected = single_threaded(&plan);
    assert!(
        expected.iter().all(|applied| applied.result.is_ok()),
        "every clone succeeds"
    );

    let handles: Vec<_> = (0..THREADS)
        .map(|t| {
            let plan = Arc::clone(&plan);
            thread::spawn(move || {
                (t..RECORDS)
                    .step_by(THREADS)
                    .map(|i| (i, run(&plan, i)))
                    .collect::<Vec<_>>()
            })
        })
        .collect();
    let mut seen = 0;
    for handle in handles {
        for (i, applied) in handle.join().expect("no thread panics") {
            assert_eq!(applied, expected[i], "record {i}");
            seen += 1;
        }
    }
    assert_eq!(seen, RECORDS);
}

#[test]
fn scoped_threads_cloning_the_same_records_agree() {
    let plan = shared_plan();
    let expected = single_threaded(&plan);
    thread::scope(|scope| {
        let handles: Vec<_> = (0..THREADS)
            .map(|_| scope.spawn(|| single_threaded(&plan)))
            .collect();
        for handle in handles {
            assert_eq!(handle.join().expect("no thread panics"), expected);
        }
    });
}

#[test]
fn results_differ_per_record() {
    // Guards the two tests above against comparing identical outputs.
    let plan = shared_plan();
    let a = run(&plan, 1);
    let b = run(&plan, 2);
    assert_ne!(a.result, b.result);
    assert_eq!(cloned_record(&a)["Last_Name"], json!("Clone 1"));
    assert_eq!(
        cloned_record(&b)["Project_Details"]
            .as_array()
            .unwrap()
            .len(),
        3
    );
}
