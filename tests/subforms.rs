//! Spec §4: subform rows are cloned with their parent, through the row rules.

mod common;

use clone_rules::{ErrorCode, FieldsMeta, Options, Plan, Problem};
use common::*;
use serde_json::{Value, json};

/// The parent module's metadata: one subform `Items` of module `Item_Rows`.
fn parent_meta() -> FieldsMeta {
    meta([
        field("Company", "text"),
        field("Items", "subform")
            .subform("Item_Rows")
            .api_create(false),
    ])
}

/// The subform module's metadata.
fn row_meta() -> FieldsMeta {
    meta([
        field("Name", "text"),
        field("Qty", "integer"),
        field("Total", "formula"),
        field("Locked", "text").read_only(),
        field("Stamp", "datetime").api_create(false),
        field("Ext", "text").external(),
        field("Ref", "lookup"),
        field("Parent_Id", "lookup"),
    ])
}

fn items_plan(options: Options) -> Plan {
    Plan::builder("Leads", parent_meta())
        .subform("Item_Rows", row_meta())
        .options(options)
        .compile()
        .expect("plan compiles")
}

fn parent_with_rows(rows: Value) -> Value {
    let mut parent = obj(&json!({"id": "7100000000000100001", "Company": "Acme"})).clone();
    parent.insert("Items".to_owned(), rows);
    Value::Object(parent)
}

#[test]
fn rows_go_through_rules_1_to_8_with_the_subform_metadata() {
    let parent = parent_with_rows(json!([{
        "id": "7100000000000200001",
        "Parent_Id": {"name": "Acme", "id": "7100000000000100001"},
        "$approval": {"approve": false},
        "Name": "Bolt",
        "Qty": 3,
        "Total": 9.5,
        "Locked": "yes",
        "Stamp": "2024-01-01T00:00:00+00:00",
        "Ext": "e",
        "Mystery": "no metadata",
        "Ref": {"id": "7100000000000500001", "$meta": 1},
    }]));
    let plan = items_plan(Options::default());
    let applied = clone(&plan, &parent, None);
    assert_report_partition(&parent, None, &applied.report);
    let report = &applied.report;
    for (path, reason) in [
        ("Items[0].id", "record_id"),
        ("Items[0].Parent_Id", "parent_link"),
        ("Items[0].$approval", "dollar_key"),
        ("Items[0].Mystery", "not_in_metadata"),
        ("Items[0].Total", "field_type"),
        ("Items[0].Locked", "read_only"),
        ("Items[0].Ext", "external"),
        ("Items[0].Stamp", "not_creatable"),
        ("Items[0].Ref.$meta", "dollar_key"),
    ] {
        assert_eq!(dropped(report, path), Some(reason), "{path}");
    }
    assert!(report.is_kept("Items"));
    for path in ["Items[0].Name", "Items[0].Qty", "Items[0].Ref"] {
        assert!(report.is_kept(path), "{path}");
    }
    assert_eq!(
        cloned_record(&applied)["Items"],
        json!([{"Name": "Bolt", "Qty": 3, "Ref": {"id": "7100000000000500001"}}])
    );
    assert_no_dollar_or_id(payload(&applied), &plan);
}

#[test]
fn parent_id_is_a_parent_link_even_without_metadata_for_it() {
    let rows = meta([field("Name", "text")]);
    let plan = Plan::builder("Leads", parent_meta())
        .subform("Item_Rows", rows)
        .compile()
        .unwrap();
    let parent = parent_with_rows(json!([{"Name": "A", "Parent_Id": {"id": "1"}}]));
    let applied = clone(&plan, &parent, None);
    assert_eq!(
        dropped(&applied.report, "Items[0].Parent_Id"),
        Some("parent_link")
    );
    assert_eq!(cloned_record(&applied)["Items"], json!([{"Name": "A"}]));
}

#[test]
fn parent_id_is_a_parent_link_only_inside_rows() {
    let fields = meta([field("Parent_Id", "lookup")]);
    let parent = json!({"Parent_Id": {"id": "1"}});
    let applied = clone(&plan("Leads", fields), &parent, None);
    assert!(applied.report.is_kept("Parent_Id"));
}

#[test]
fn module_and_section_rules_do_not_apply_to_rows() {
    // Services drop `Status` at the top level; a subform column of that name stays.
    let fields = meta([
        field("Status", "picklist"),
        field("Available_Timings", "subform").subform("Available_Timings"),
    ]);
    let rows = meta([
        field("Status", "picklist"),
        field("Unavailable_From", "datetime"),
    ]);
    let plan = Plan::builder("Services__s", fields)
        .subform("Available_Timings", rows)
        .compile()
        .unwrap();
    let parent = json!({
        "Status": "Not in Use",
        "Available_Timings": [{"Status": "Open", "Unavailable_From": "2025-02-10T00:00:00+00:00"}],
    });
    let applied = clone(&plan, &parent, None);
    assert_report_partition(&parent, None, &applied.report);
    assert_eq!(dropped(&applied.report, "Status"), Some("module_rule"));
    assert_eq!(
        cloned_record(&applied)["Available_Timings"],
        parent["Available_Timings"]
    );
}

#[test]
fn rule_11_applies_to_rows_by_field_or_module_name() {
    for exclusion in ["Items.Qty", "Item_Rows.Qty", "items.qty"] {
        let plan = items_plan(Options::default().exclude(exclusion));
        let parent = parent_with_rows(json!([{"Name": "A", "Qty": 1}]));
        let applied = clone(&plan, &parent, None);
        assert_eq!(
            dropped(&applied.report, "Items[0].Qty"),
            Some("custom_rule"),
            "{exclusion}"
        );
        assert_eq!(
            cloned_record(&applied)["Items"],
            json!([{"Name": "A"}]),
            "{exclusion}"
        );
    }
}

#[test]
fn an_unknown_row_exclusion_is_a_compile_error() {
    let result = Plan::builder("Leads", parent_meta())
        .subform("Item_Rows", row_meta())
        .options(Options::default().exclude("Items.No_Such_Column"))
        .compile();
    let error = result.expect_err("compile error");
    assert!(matches!(
        error.problems(),
        [Problem::UnknownExclusion { path, .. }] if path == "Items.No_Such_Column"
    ));
}

#[test]
fn row_order_is_preserved() {
    let rows: Vec<Value> = ["e", "b", "d", "a", "c"]
        .iter()
        .map(|name| json!({"Name": name, "id": format!("id-{name}")}))
        .collect();
    let parent = parent_with_rows(Value::Array(rows));
    let applied = clone(&items_plan(Options::default()), &parent, None);
    let names: Vec<&str> = cloned_record(&applied)["Items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|row| row["Name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["e", "b", "d", "a", "c"]);
    assert!(applied.report.is_kept("Items[3].Name"));
    assert_eq!(dropped(&applied.report, "Items[4].id"), Some("record_id"));
}

#[test]
fn key_order_inside_a_row_is_preserved() {
    let parent = parent_with_rows(json!([{"Ref": {"id": "1"}, "Qty": 2, "id": "x", "Name": "A"}]));
    let applied = clone(&items_plan(Options::default()), &parent, None);
    let row = obj(&cloned_record(&applied)["Items"][0]);
    assert_eq!(keys(row), ["Ref", "Qty", "Name"]);
}

#[test]
fn rows_that_are_not_objects_are_dropped_as_invalid_rows() {
    let parent = parent_with_rows(json!([1, {"Name": "A"}, "row", null, [{"Name": "B"}]]));
    let applied = clone(&items_plan(Options::default()), &parent, None);
    assert_report_partition(&parent, None, &applied.report);
    for path in ["Items[0]", "Items[2]", "Items[3]", "Items[4]"] {
        assert_eq!(
            dropped(&applied.report, path),
            Some("invalid_row"),
            "{path}"
        );
    }
    assert!(applied.report.is_kept("Items[1].Name"));
    assert_eq!(cloned_record(&applied)["Items"], json!([{"Name": "A"}]));
}

#[test]
fn without_subform_metadata_rows_keep_all_but_ids_parent_links_and_dollar_keys() {
    let plan = plan("Leads", parent_meta());
    let parent = parent_with_rows(json!([
        {"id": "r1", "Parent_Id": {"id": "p"}, "$approval": {}, "Anything": {"x": 1, "$y": 2},
         "Name": "A", "Total": 3},
        {"id": "r2", "Name": "B"},
    ]));
    let applied = clone(&plan, &parent, None);
    assert_report_partition(&parent, None, &applied.report);
    let report = &applied.report;
    assert_eq!(dropped(report, "Items[0].id"), Some("record_id"));
    assert_eq!(dropped(report, "Items[0].Parent_Id"), Some("parent_link"));
    assert_eq!(dropped(report, "Items[0].$approval"), Some("dollar_key"));
    assert_eq!(dropped(report, "Items[0].Anything.$y"), Some("dollar_key"));
    assert_eq!(dropped(report, "Items[1].id"), Some("record_id"));
    for path in [
        "Items[0].Anything",
        "Items[0].Name",
        "Items[0].Total",
        "Items[1].Name",
    ] {
        assert!(report.is_kept(path), "{path}");
    }
    assert_eq!(
        cloned_record(&applied)["Items"],
        json!([{"Anything": {"x": 1}, "Name": "A", "Total": 3}, {"Name": "B"}])
    );
    assert_eq!(warnings_at(report, "Items"), ["subform_metadata_missing"]);
    assert_eq!(
        report.warnings.len(),
        1,
        "one warning per subform: {:?}",
        report.warnings
    );
    assert_no_dollar_or_id(payload(&applied), &plan);
}

#[test]
fn with_subform_metadata_there_is_no_warning() {
    let parent = parent_with_rows(json!([{"Name": "A"}]));
    let applied = clone(&items_plan(Options::default()), &parent, None);
    assert!(
        applied.report.warnings.is_empty(),
        "{:?}",
        applied.report.warnings
    );
}

#[test]
fn rule_11_applies_to_rows_without_metadata() {
    let plan = plan_with(
        "Leads",
        parent_meta(),
        Options::default().exclude("Items.Secret"),
    );
    let parent = parent_with_rows(json!([{"Name": "A", "Secret": "s"}]));
    let applied = clone(&plan, &parent, None);
    assert_eq!(
        dropped(&applied.report, "Items[0].Secret"),
        Some("custom_rule")
    );
    assert_eq!(cloned_record(&applied)["Items"], json!([{"Name": "A"}]));
}

#[test]
fn unknown_subform_metadata_name_is_a_compile_error() {
    let result = Plan::builder("Leads", parent_meta())
        .subform("Not_A_Subform", row_meta())
        .compile();
    let error = result.expect_err("compile error");
    assert!(
        matches!(
            error.problems(),
            [Problem::UnknownSubform { name, module }] if name == "Not_A_Subform" && module == "Leads"
        ),
        "{:?}",
        error.problems()
    );
}

#[test]
fn a_plain_field_is_no_subform_to_give_metadata_to() {
    let result = Plan::builder("Leads", parent_meta())
        .subform("Company", row_meta())
        .compile();
    assert!(matches!(
        result.expect_err("compile error").problems(),
        [Problem::UnknownSubform { .. }]
    ));
}

#[test]
fn the_subform_module_is_found_through_either_metadata_shape() {
    let shapes = [
        field("Items", "subform").subform("Item_Rows"),
        field("Items", "subform").subform_v2("Item_Rows"),
    ];
    for shape in shapes {
        let plan = Plan::builder("Leads", meta([shape.clone()]))
            .subform("Item_Rows", row_meta())
            .compile()
            .unwrap_or_else(|e| panic!("{:?}: {e}", shape.to_json()));
        let parent = json!({"Items": [{"Name": "A", "Locked": "x"}]});
        let applied = clone(&plan, &parent, None);
        assert_eq!(
            dropped(&applied.report, "Items[0].Locked"),
            Some("read_only"),
            "{:?}",
            shape.to_json()
        );
    }
}

#[test]
fn each_subform_uses_its_own_metadata() {
    let fields = meta([
        field("A_Rows", "subform").subform("A_Module"),
        field("B_Rows", "subform").subform("B_Module"),
    ]);
    let plan = Plan::builder("Leads", fields)
        .subform(
            "B_Module",
            meta([field("X", "text").read_only(), field("Y", "text")]),
        )
        .subform(
            "A_Module",
            meta([field("X", "text"), field("Y", "text").read_only()]),
        )
        .compile()
        .unwrap();
    let parent = json!({"A_Rows": [{"X": "1", "Y": "2"}], "B_Rows": [{"X": "3", "Y": "4"}]});
    let applied = clone(&plan, &parent, None);
    assert_report_partition(&parent, None, &applied.report);
    assert_eq!(cloned_record(&applied)["A_Rows"], json!([{"X": "1"}]));
    assert_eq!(cloned_record(&applied)["B_Rows"], json!([{"Y": "4"}]));
    assert_eq!(dropped(&applied.report, "A_Rows[0].Y"), Some("read_only"));
    assert_eq!(dropped(&applied.report, "B_Rows[0].X"), Some("read_only"));
}

#[test]
fn quote_line_items_are_cloned_with_the_product_details_metadata() {
    let parent = fixture_record("Quotes");
    let plan = Plan::builder("Quotes", fixture_fields("Quotes"))
        .subform("Product_Details", fixture_fields("Product_Details"))
        .compile()
        .expect("Quotes compile");
    let applied = clone(&plan, &parent, None);
    assert_report_partition(&parent, None, &applied.report);
    let report = &applied.report;
    assert!(report.is_kept("Product_Details"));
    for i in 0..2 {
        for (column, reason) in [
            ("id", "record_id"),
            ("unit_price", "read_only"),
            ("quantity_in_stock", "read_only"),
            ("total", "read_only"),
            ("Tax", "read_only"),
            ("total_after_discount", "field_type"),
            ("net_total", "field_type"),
        ] {
            let path = format!("Product_Details[{i}].{column}");
            assert_eq!(dropped(report, &path), Some(reason), "{path}");
        }
    }
    assert_eq!(dropped(report, "$line_tax"), Some("dollar_key"));
    let rows = cloned_record(&applied)["Product_Details"]
        .as_array()
        .unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(
        keys(obj(&rows[0])),
        [
            "product",
            "quantity",
            "Discount",
            "book",
            "list_price",
            "product_description",
            "line_tax"
        ]
    );
    assert_eq!(rows[1]["product"]["id"], json!("7100000000000500002"));
    assert_no_dollar_or_id(payload(&applied), &plan);
}

fn many_rows(n: usize) -> Value {
    Value::Array(
        (0..n)
            .map(|i| json!({"Name": format!("row {i}"), "id": format!("r{i}")}))
            .collect(),
    )
}

#[test]
fn more_than_100_rows_is_limit_exceeded() {
    let parent = parent_with_rows(many_rows(101));
    let applied = clone(&items_plan(Options::default()), &parent, None);
    assert_eq!(
        error_envelope(&applied),
        json!({"data": [{
            "code": "LIMIT_EXCEEDED",
            "details": {"api_name": "Items", "json_path": "$.data[0].Items", "limit": 100},
            "message": "limit exceeded",
            "status": "error",
        }]})
    );
    // The report still accounts for every row.
    assert_report_partition(&parent, None, &applied.report);
    assert!(applied.report.is_kept("Items[100].Name"));
}

#[test]
fn exactly_100_rows_is_fine() {
    let parent = parent_with_rows(many_rows(100));
    let applied = clone(&items_plan(Options::default()), &parent, None);
    assert_eq!(
        cloned_record(&applied)["Items"].as_array().unwrap().len(),
        100
    );
}

#[test]
fn the_limit_counts_rows_of_the_result_not_of_the_parent() {
    // 101 parent rows replaced by one override row: 1 row in the result.
    let parent = parent_with_rows(many_rows(101));
    let body = json!({"data": [{"Items": [{"Name": "only"}]}]});
    let applied = clone(&items_plan(Options::default()), &parent, Some(&body));
    assert_eq!(cloned_record(&applied)["Items"], json!([{"Name": "only"}]));

    // 100 parent rows plus one appended by the update policy: 101.
    let parent = parent_with_rows(many_rows(100));
    let options = Options::default().subform_merge(clone_rules::SubformMerge::Update);
    let applied = clone(&items_plan(options), &parent, Some(&body));
    let rejection = applied.result.expect_err("101 rows");
    assert_eq!(rejection.first().code, ErrorCode::LimitExceeded);
    assert_eq!(
        rejection.first().json_path.as_deref(),
        Some("$.data[0].Items")
    );
}

#[test]
fn the_limit_applies_to_rows_without_metadata_and_to_line_items() {
    let plan = plan("Leads", meta([field("Items", "lineitem")]));
    let parent = json!({"Items": many_rows(101)});
    let applied = clone(&plan, &parent, None);
    let rejection = applied.result.expect_err("101 rows");
    assert_eq!(rejection.first().code, ErrorCode::LimitExceeded);
    assert_eq!(rejection.first().limit, Some(100));
}

#[test]
fn a_subform_value_that_is_not_a_list_is_not_cloned_as_rows() {
    let parent = json!({"Company": "Acme", "Items": null});
    let applied = clone(&items_plan(Options::default()), &parent, None);
    assert_report_partition(&parent, None, &applied.report);
    assert_eq!(cloned_record(&applied)["Items"], Value::Null);
}

#[test]
fn excluding_a_whole_subform_drops_it_with_its_rows() {
    let plan = items_plan(Options::default().exclude("Items"));
    let parent = parent_with_rows(json!([{"Name": "A", "id": "r1"}]));
    let applied = clone(&plan, &parent, None);
    assert_report_partition(&parent, None, &applied.report);
    assert_eq!(dropped(&applied.report, "Items"), Some("custom_rule"));
    assert!(
        !applied.report.kept.iter().any(|p| p.starts_with("Items[")),
        "rows of a dropped subform are not cloned: {:?}",
        applied.report
    );
    assert_eq!(keys(cloned_record(&applied)), ["Company"]);
}

#[test]
fn a_malformed_exclusion_is_a_compile_error() {
    for path in ["Items.Name.Extra", "", ".Name", "Items."] {
        let result = Plan::builder("Leads", parent_meta())
            .subform("Item_Rows", row_meta())
            .options(Options::default().exclude(path))
            .compile();
        assert!(result.is_err(), "`{path}` compiled");
    }
}

#[test]
fn the_limit_counts_only_rows_that_reach_the_result() {
    // 101 parent rows, one of which is no object: 100 rows are cloned.
    let Value::Array(mut rows) = many_rows(100) else {
        unreachable!()
    };
    rows.insert(50, json!("not a row"));
    let parent = parent_with_rows(Value::Array(rows));
    let applied = clone(&items_plan(Options::default()), &parent, None);
    assert_eq!(
        cloned_record(&applied)["Items"].as_array().unwrap().len(),
        100
    );
    assert_eq!(dropped(&applied.report, "Items[50]"), Some("invalid_row"));
}

#[test]
fn linking_lists_inside_rows_lose_their_link_ids() {
    let rows = meta([field("Name", "text"), field("Links", "multiselectlookup")]);
    let plan = Plan::builder("Leads", parent_meta())
        .subform("Item_Rows", rows)
        .compile()
        .unwrap();
    let parent = parent_with_rows(json!([{
        "Name": "A",
        "Links": [{"Products": {"id": "7100000000000500001"}, "id": "7100000000000500101"}],
    }]));
    let applied = clone(&plan, &parent, None);
    assert_report_partition(&parent, None, &applied.report);
    assert_eq!(
        dropped(&applied.report, "Items[0].Links[0].id"),
        Some("record_id")
    );
    assert_eq!(
        cloned_record(&applied)["Items"],
        json!([{"Name": "A", "Links": [{"Products": {"id": "7100000000000500001"}}]}])
    );
}

#[test]
fn unknown_fields_keep_applies_to_rows_with_metadata() {
    let plan = items_plan(Options::default().unknown_fields(clone_rules::UnknownFields::Keep));
    let parent = parent_with_rows(json!([{"Name": "A", "Mystery": "m", "$x": 1}]));
    let applied = clone(&plan, &parent, None);
    assert!(applied.report.is_kept("Items[0].Mystery"));
    assert_eq!(dropped(&applied.report, "Items[0].$x"), Some("dollar_key"));
    assert_eq!(
        cloned_record(&applied)["Items"],
        json!([{"Name": "A", "Mystery": "m"}])
    );
}

#[test]
fn line_item_metadata_that_names_no_module_is_keyed_by_the_field_name() {
    // v2 inventory metadata: a lineitem with no associated module.
    let fields = meta([field("Items", "lineitem").api_create(false)]);
    let plan = Plan::builder("Quotes", fields)
        .subform(
            "Items",
            meta([
                field("product", "lookup"),
                field("total", "currency").read_only(),
            ]),
        )
        .compile()
        .expect("the field name finds the line item");
    let parent = json!({"Items": [{"product": {"id": "1"}, "total": 5.0, "id": "li1"}]});
    let applied = clone(&plan, &parent, None);
    assert_eq!(
        dropped(&applied.report, "Items[0].total"),
        Some("read_only")
    );
    assert_eq!(
        cloned_record(&applied)["Items"],
        json!([{"product": {"id": "1"}}])
    );
    assert!(applied.report.warnings.is_empty());
}

#[test]
fn rule_5_applies_to_rows() {
    let rows = meta([
        field("Name", "text"),
        field("Wizard", "bigint").json_type("string"),
        field("Data_Processing_Basis_Details", "consent_lookup"),
    ]);
    let plan = Plan::builder("Leads", parent_meta())
        .subform("Item_Rows", rows)
        .options(Options::default().gdpr(true))
        .compile()
        .unwrap();
    let parent = parent_with_rows(json!([{
        "Name": "A", "Wizard": "1", "Data_Processing_Basis_Details": {"id": "2"},
    }]));
    let applied = clone(&plan, &parent, None);
    assert_eq!(
        dropped(&applied.report, "Items[0].Wizard"),
        Some("system_field")
    );
    assert_eq!(
        dropped(&applied.report, "Items[0].Data_Processing_Basis_Details"),
        Some("system_field")
    );
    assert_eq!(cloned_record(&applied)["Items"], json!([{"Name": "A"}]));
}
