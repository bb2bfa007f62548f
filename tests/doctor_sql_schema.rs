//! The SQL doctor's table of what Better Auth migrates (`authcore::doctor::sql::expected`)
//! against `getSchema()` of the real better-auth 1.6.34 and 1.7.25
//! (`tests/vectors/better-auth-schema/`, made and re-checked by `tests/sql/dump-schema.mjs`):
//! field for field, attribute for attribute, for no plugin, each plugin, and all of them.

#![cfg(not(target_arch = "wasm32"))]

use std::collections::BTreeMap;

use authcore::doctor::sql::expected::{self, BaVersion, Plugin};
use serde_json::Value;

fn vectors(v: &str) -> Value {
    let p = format!(
        "{}/tests/vectors/better-auth-schema/{v}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap()
}

type Attrs = (String, bool, bool, bool, Option<String>, bool);

fn ours(version: BaVersion, plugins: &[Plugin]) -> BTreeMap<(String, String), Attrs> {
    expected::fields(version, plugins)
        .map(|f| {
            (
                (f.model.to_owned(), f.name.to_owned()),
                (
                    f.ty.as_str().to_owned(),
                    f.required,
                    f.unique,
                    f.index,
                    f.references.map(|m| format!("{m}.id")),
                    f.default,
                ),
            )
        })
        .collect()
}

fn theirs(set: &Value) -> BTreeMap<(String, String), Attrs> {
    let mut out = BTreeMap::new();
    for (model, fields) in set["models"].as_object().unwrap() {
        for (name, f) in fields.as_object().unwrap() {
            assert!(
                f["onDelete"].is_null() || f["onDelete"] == "cascade",
                "{model}.{name}"
            );
            out.insert(
                (model.clone(), name.clone()),
                (
                    f["type"].as_str().unwrap().to_owned(),
                    f["required"].as_bool().unwrap(),
                    f["unique"].as_bool().unwrap(),
                    f["index"].as_bool().unwrap(),
                    f["references"].as_str().map(str::to_owned),
                    f["default"].as_bool().unwrap(),
                ),
            );
        }
    }
    out
}

#[test]
fn the_expected_schema_is_better_auths() {
    for (file, version, full) in [
        ("1.6", BaVersion::V1_6, "1.6.34"),
        ("1.7", BaVersion::V1_7, "1.7.25"),
    ] {
        let v = vectors(file);
        assert_eq!(v["version"], full);
        let sets = v["sets"].as_object().unwrap();
        assert_eq!(sets.len(), 8);
        for (name, set) in sets {
            let plugins: Vec<Plugin> = set["plugins"]
                .as_array()
                .unwrap()
                .iter()
                .map(|p| Plugin::parse(p.as_str().unwrap()).unwrap())
                .collect();
            assert_eq!(ours(version, &plugins), theirs(set), "{file} {name}");
            let models: Vec<String> = set["models"].as_object().unwrap().keys().cloned().collect();
            let mut mine: Vec<String> = expected::models(version, &plugins)
                .into_iter()
                .map(str::to_owned)
                .collect();
            let mut m2 = models.clone();
            mine.sort();
            m2.sort();
            assert_eq!(mine, m2, "{file} {name}");
        }
    }
}

#[test]
fn schema_maps_rename_models_and_fields() {
    let m = expected::SchemaMap::parse(
        r#"{"casing":"snake","user":{"modelName":"users","fields":{"emailVerified":"is_verified"}}}"#,
    )
    .unwrap();
    assert_eq!(m.table("user"), "users");
    assert_eq!(m.table("twoFactor"), "two_factor");
    assert_eq!(m.column("user", "emailVerified"), "is_verified");
    assert_eq!(m.column("session", "expiresAt"), "expires_at");
    assert!(expected::SchemaMap::parse(r#"{"casing":"kebab"}"#).is_err());
    assert!(expected::SchemaMap::parse(r#"{"usr":{"modelName":"x"}}"#).is_err());
    assert!(expected::SchemaMap::parse(&"x".repeat(70_000)).is_err());
}
