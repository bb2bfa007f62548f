//! Sync decision tests: every decision kind, every reject reason, every policy option, and email
//! canonicalisation against values produced by Node (tests/vectors/sync/). The same bodies run
//! natively (`cargo test --test sync`) and under WASM in Node (`wasm-pack test --node`).

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use authcore::sync::{
    canonical_email, decide_delete, decide_sync, emails_match, js_trim, near_duplicate_key,
    AppUser, AuthUser, BetterAuthVersion, Decision, DeleteDecision, LinkByEmail, OnDelete,
    RejectReason, SyncPolicy,
};
use authcore::Error;
use serde_json::{json, Value};

const JS_EMAILS: &str = include_str!("vectors/sync/js-emails.json");
const JS_LOWERCASE: &str = include_str!("vectors/sync/js-lowercase.json");

fn auth(v: Value) -> AuthUser {
    AuthUser::from_value(v).unwrap()
}

fn ada(verified: bool) -> AuthUser {
    auth(json!({
        "_id": "auth1", "_creationTime": 1.5e12, "email": "ada@example.com",
        "emailVerified": verified, "name": "Ada", "image": "https://img/ada.png",
        "createdAt": 1_700_000_000_000_i64, "updatedAt": 1_700_000_000_000_i64,
    }))
}

fn row(v: Value) -> AppUser {
    AppUser::from_value(v).unwrap()
}

fn obj(v: Value) -> serde_json::Map<String, Value> {
    match v {
        Value::Object(m) => m,
        _ => panic!("not an object"),
    }
}

fn reject_code(d: &Decision) -> RejectReason {
    match d {
        Decision::Reject { code, message, .. } => {
            assert!(!message.is_empty());
            *code
        }
        other => panic!("expected reject, got {other:?}"),
    }
}

// ---- decision kinds ----------------------------------------------------------------------

#[test]
fn create_when_no_candidates() {
    let d = decide_sync(&ada(true), &[], &SyncPolicy::default()).unwrap();
    assert_eq!(
        d,
        Decision::Create {
            table: "users".into(),
            doc: obj(json!({
                "authId": "auth1", "email": "ada@example.com", "emailVerified": true,
                "name": "Ada", "image": "https://img/ada.png",
            })),
        }
    );
}

#[test]
fn create_omits_null_and_missing_auth_fields() {
    let u = auth(json!({"_id": "a", "email": "x@y.z", "name": "X", "image": null}));
    let Decision::Create { doc, .. } = decide_sync(&u, &[], &SyncPolicy::default()).unwrap() else {
        panic!()
    };
    assert_eq!(
        doc,
        obj(json!({"authId": "a", "email": "x@y.z", "name": "X"}))
    );
}

#[test]
fn none_when_linked_row_is_up_to_date() {
    let r = row(json!({
        "_id": "u1", "authId": "auth1", "email": "ada@example.com", "emailVerified": true,
        "name": "Ada", "image": "https://img/ada.png", "plan": "pro",
    }));
    let d = decide_sync(&ada(true), &[r], &SyncPolicy::default()).unwrap();
    assert_eq!(
        d,
        Decision::None {
            table: "users".into(),
            id: "u1".into()
        }
    );
}

#[test]
fn patch_only_differing_fields_and_unset_removed_ones() {
    let r = row(json!({
        "_id": "u1", "authId": "auth1", "email": "ada@example.com", "emailVerified": false,
        "name": "Ada L", "image": "https://img/old.png", "plan": "pro",
    }));
    let mut u = ada(true);
    u.doc.remove("image");
    let d = decide_sync(&u, &[r], &SyncPolicy::default()).unwrap();
    assert_eq!(
        d,
        Decision::Patch {
            table: "users".into(),
            id: "u1".into(),
            set: obj(json!({"emailVerified": true, "name": "Ada"})),
            unset: vec!["image".into()],
        }
    );
}

#[test]
fn numbers_compare_by_value() {
    let p = SyncPolicy {
        fields: [("createdAt".to_string(), json!("joinedAt"))]
            .into_iter()
            .collect(),
        ..SyncPolicy::default()
    };
    // 1.7e12 as float and as integer: the same JS number.
    let r = row(json!({"_id": "u1", "authId": "auth1", "joinedAt": 1.7e12}));
    let d = decide_sync(&ada(true), &[r], &p).unwrap();
    assert!(matches!(d, Decision::None { .. }), "{d:?}");
}

#[test]
fn link_unlinked_row_with_same_email_when_verified() {
    let r = row(json!({"_id": "u1", "email": "ada@example.com", "name": "Ada", "plan": "pro"}));
    let d = decide_sync(&ada(true), &[r], &SyncPolicy::default()).unwrap();
    assert_eq!(
        d,
        Decision::Link {
            table: "users".into(),
            id: "u1".into(),
            set: obj(json!({
                "authId": "auth1", "emailVerified": true, "image": "https://img/ada.png",
            })),
            unset: vec![],
        }
    );
}

#[test]
fn link_matches_canonical_email() {
    // The app row was written with another case; Better Auth stores lower case.
    let r = row(json!({"_id": "u1", "email": "Ada@Example.COM"}));
    let d = decide_sync(&ada(true), &[r], &SyncPolicy::default()).unwrap();
    let Decision::Link { set, .. } = d else {
        panic!("{d:?}")
    };
    assert_eq!(set["email"], "ada@example.com");
}

#[test]
fn surrounding_spaces_are_not_a_match() {
    // Better Auth does not trim: " ada@example.com" is another user. The doctor flags it as a
    // near-duplicate instead.
    let r = row(json!({"_id": "u1", "email": " ada@example.com"}));
    let d = decide_sync(&ada(true), &[r], &SyncPolicy::default()).unwrap();
    assert!(matches!(d, Decision::Create { .. }), "{d:?}");
}

#[test]
fn unrelated_rows_are_ignored() {
    let rows = [
        row(json!({"_id": "u1", "authId": "other", "email": "bob@example.com"})),
        row(json!({"_id": "u2", "email": "carol@example.com"})),
    ];
    let d = decide_sync(&ada(true), &rows, &SyncPolicy::default()).unwrap();
    assert!(matches!(d, Decision::Create { .. }), "{d:?}");
}

#[test]
fn linked_row_wins_over_email_rows() {
    let rows = [
        row(json!({"_id": "u1", "email": "ada@example.com"})),
        row(json!({"_id": "u2", "authId": "auth1", "email": "old@example.com"})),
    ];
    let d = decide_sync(&ada(true), &rows, &SyncPolicy::default()).unwrap();
    let Decision::Patch { id, set, .. } = d else {
        panic!("{d:?}")
    };
    assert_eq!(id, "u2");
    assert_eq!(set["email"], "ada@example.com");
}

// ---- reject reasons ----------------------------------------------------------------------

#[test]
fn reject_two_linked_rows() {
    let rows = [
        row(json!({"_id": "u1", "authId": "auth1"})),
        row(json!({"_id": "u2", "authId": "auth1"})),
    ];
    let d = decide_sync(&ada(true), &rows, &SyncPolicy::default()).unwrap();
    assert_eq!(reject_code(&d), RejectReason::MultipleAppUsers);
    let Decision::Reject { ids, .. } = d else {
        panic!()
    };
    assert_eq!(ids, ["u1", "u2"]);
}

#[test]
fn reject_two_rows_with_the_email() {
    let rows = [
        row(json!({"_id": "u1", "email": "ada@example.com"})),
        row(json!({"_id": "u2", "email": "ADA@example.com"})),
    ];
    let d = decide_sync(&ada(true), &rows, &SyncPolicy::default()).unwrap();
    assert_eq!(reject_code(&d), RejectReason::MultipleAppUsers);
}

#[test]
fn reject_email_row_linked_to_other_auth_user() {
    let rows = [row(
        json!({"_id": "u1", "email": "ada@example.com", "authId": "auth0"}),
    )];
    let d = decide_sync(&ada(true), &rows, &SyncPolicy::default()).unwrap();
    assert_eq!(reject_code(&d), RejectReason::LinkedToOtherAuthUser);
}

#[test]
fn reject_unverified_email_match() {
    let rows = [row(json!({"_id": "u1", "email": "ada@example.com"}))];
    let d = decide_sync(&ada(false), &rows, &SyncPolicy::default()).unwrap();
    assert_eq!(reject_code(&d), RejectReason::EmailUnverified);
    // The message names rows and auth ids, never the email.
    let Decision::Reject { message, .. } = d else {
        panic!()
    };
    assert!(!message.contains("ada@"), "{message}");
}

#[test]
fn reject_codes_are_stable() {
    for (r, code) in [
        (RejectReason::MultipleAppUsers, "SYNC_MULTIPLE_APP_USERS"),
        (
            RejectReason::LinkedToOtherAuthUser,
            "SYNC_LINKED_TO_OTHER_AUTH_USER",
        ),
        (RejectReason::EmailUnverified, "SYNC_EMAIL_UNVERIFIED"),
    ] {
        assert_eq!(r.code(), code);
        assert_eq!(serde_json::to_value(r).unwrap(), json!(code));
    }
}

#[test]
fn decisions_serialise_with_kind() {
    let d = decide_sync(
        &ada(false),
        &[row(json!({"_id": "u1", "email": "ada@example.com"}))],
        &SyncPolicy::default(),
    )
    .unwrap();
    let v = serde_json::to_value(&d).unwrap();
    assert_eq!(v["kind"], "reject");
    assert_eq!(v["code"], "SYNC_EMAIL_UNVERIFIED");
    assert_eq!(v["ids"], json!(["u1"]));
    let v = serde_json::to_value(decide_sync(&ada(true), &[], &SyncPolicy::default()).unwrap())
        .unwrap();
    assert_eq!(v["kind"], "create");
    assert_eq!(v["table"], "users");
    let p = SyncPolicy {
        on_delete: OnDelete::SoftDelete,
        ..SyncPolicy::default()
    };
    let r = [row(json!({"_id": "u1", "authId": "auth1"}))];
    let v = serde_json::to_value(decide_delete("auth1", &r, &p, 5).unwrap()).unwrap();
    assert_eq!(
        v,
        json!({"kind": "softDelete", "table": "users", "id": "u1", "set": {"deletedAt": 5}})
    );
}

// ---- policy options ----------------------------------------------------------------------

#[test]
fn default_policy_documented_values() {
    let p = SyncPolicy::default();
    let v = serde_json::to_value(&p).unwrap();
    assert_eq!(
        v,
        json!({
            "table": "users", "linkField": "authId", "linkIndex": "by_authId",
            "emailField": "email", "emailIndex": "by_email",
            "fields": {"email": "email", "name": "name", "image": "image", "emailVerified": "emailVerified"},
            "defaults": {}, "adminEmails": [], "adminFields": {"role": "admin"}, "nonAdminFields": {},
            "adminRequiresVerifiedEmail": true, "linkByEmail": "verified-only", "onDelete": "delete",
            "softDeleteField": "deletedAt", "betterAuthVersion": "1.6",
        })
    );
    // `{}` from JSON is the default policy.
    let from_empty: SyncPolicy = serde_json::from_value(json!({})).unwrap();
    assert_eq!(from_empty, p);
}

#[test]
fn unknown_policy_options_are_refused() {
    assert!(serde_json::from_value::<SyncPolicy>(json!({"linkfield": "x"})).is_err());
    assert!(serde_json::from_value::<SyncPolicy>(json!({"linkByEmail": "sometimes"})).is_err());
}

#[test]
fn custom_table_link_field_renames_and_defaults() {
    let p: SyncPolicy = serde_json::from_value(json!({
        "table": "profiles", "linkField": "betterAuthId",
        "fields": {"email": "email", "name": "displayName", "image": "avatarUrl"},
        "defaults": {"plan": "free", "displayName": "anonymous", "credits": 10},
    }))
    .unwrap();
    let d = decide_sync(&ada(true), &[], &p).unwrap();
    assert_eq!(
        d,
        Decision::Create {
            table: "profiles".into(),
            doc: obj(json!({
                "betterAuthId": "auth1", "email": "ada@example.com", "displayName": "Ada",
                "avatarUrl": "https://img/ada.png", "plan": "free", "credits": 10,
            })),
        }
    );
    // Linked through the custom field; defaults are for new rows only.
    let r = row(
        json!({"_id": "p1", "betterAuthId": "auth1", "email": "ada@example.com", "displayName": "Ada", "avatarUrl": "https://img/ada.png"}),
    );
    assert!(matches!(
        decide_sync(&ada(true), &[r], &p).unwrap(),
        Decision::None { .. }
    ));
    // A row linked through the default field name is not linked under this policy.
    let r = row(json!({"_id": "p1", "authId": "auth1", "email": "x@example.com"}));
    assert!(matches!(
        decide_sync(&ada(true), &[r], &p).unwrap(),
        Decision::Create { .. }
    ));
}

#[test]
fn custom_email_field() {
    let p = SyncPolicy {
        email_field: "contactEmail".into(),
        ..SyncPolicy::default()
    };
    let rows = [
        row(json!({"_id": "u1", "email": "ada@example.com"})),
        row(json!({"_id": "u2", "contactEmail": "ADA@example.com"})),
    ];
    let Decision::Link { id, .. } = decide_sync(&ada(true), &rows, &p).unwrap() else {
        panic!()
    };
    assert_eq!(id, "u2");
}

#[test]
fn link_by_email_never_creates() {
    let p = SyncPolicy {
        link_by_email: LinkByEmail::Never,
        ..SyncPolicy::default()
    };
    let rows = [
        row(json!({"_id": "u1", "email": "ada@example.com"})),
        row(json!({"_id": "u2", "email": "ada@example.com", "authId": "x"})),
    ];
    assert!(matches!(
        decide_sync(&ada(true), &rows, &p).unwrap(),
        Decision::Create { .. }
    ));
}

#[test]
fn link_by_email_always_links_unverified() {
    let p: SyncPolicy = serde_json::from_value(json!({"linkByEmail": "always"})).unwrap();
    let rows = [row(json!({"_id": "u1", "email": "ada@example.com"}))];
    assert!(matches!(
        decide_sync(&ada(false), &rows, &p).unwrap(),
        Decision::Link { .. }
    ));
    // `always` still refuses a row that belongs to someone else.
    let rows = [row(
        json!({"_id": "u1", "email": "ada@example.com", "authId": "x"}),
    )];
    assert_eq!(
        reject_code(&decide_sync(&ada(false), &rows, &p).unwrap()),
        RejectReason::LinkedToOtherAuthUser
    );
}

#[test]
fn admin_allowlist_is_canonical_and_needs_verification() {
    let p: SyncPolicy =
        serde_json::from_value(json!({"adminEmails": [" ADA@example.com "]})).unwrap();
    let Decision::Create { doc, .. } = decide_sync(&ada(true), &[], &p).unwrap() else {
        panic!()
    };
    assert_eq!(doc["role"], "admin");
    // Unverified: someone else may have signed up with the admin's address.
    let Decision::Create { doc, .. } = decide_sync(&ada(false), &[], &p).unwrap() else {
        panic!()
    };
    assert!(!doc.contains_key("role"));
    // Unless the policy says verification is not needed.
    let p2 = SyncPolicy {
        admin_requires_verified_email: false,
        ..p.clone()
    };
    let Decision::Create { doc, .. } = decide_sync(&ada(false), &[], &p2).unwrap() else {
        panic!()
    };
    assert_eq!(doc["role"], "admin");
    // Not on the list.
    let bob = auth(json!({"_id": "b", "email": "bob@example.com", "emailVerified": true}));
    let Decision::Create { doc, .. } = decide_sync(&bob, &[], &p).unwrap() else {
        panic!()
    };
    assert!(!doc.contains_key("role"));
}

#[test]
fn admin_fields_override_defaults_and_patch_existing_rows() {
    let p: SyncPolicy = serde_json::from_value(json!({
        "adminEmails": ["ada@example.com"],
        "adminFields": {"isAdmin": true, "role": "admin"},
        "defaults": {"isAdmin": false, "role": "user"},
    }))
    .unwrap();
    let Decision::Create { doc, .. } = decide_sync(&ada(true), &[], &p).unwrap() else {
        panic!()
    };
    assert_eq!(
        (&doc["isAdmin"], &doc["role"]),
        (&json!(true), &json!("admin"))
    );
    // An existing linked row is promoted on the next sync.
    let r = row(json!({
        "_id": "u1", "authId": "auth1", "email": "ada@example.com", "emailVerified": true,
        "name": "Ada", "image": "https://img/ada.png", "isAdmin": false, "role": "user",
    }));
    let Decision::Patch { set, unset, .. } = decide_sync(&ada(true), &[r], &p).unwrap() else {
        panic!()
    };
    assert_eq!(set, obj(json!({"isAdmin": true, "role": "admin"})));
    assert!(unset.is_empty());
}

#[test]
fn non_admin_fields_demote_only_when_configured() {
    let r = row(json!({
        "_id": "u1", "authId": "auth1", "email": "ada@example.com", "emailVerified": true,
        "name": "Ada", "image": "https://img/ada.png", "role": "admin",
    }));
    // Default: a hand-given role is left alone.
    assert!(matches!(
        decide_sync(&ada(true), std::slice::from_ref(&r), &SyncPolicy::default()).unwrap(),
        Decision::None { .. }
    ));
    let p: SyncPolicy =
        serde_json::from_value(json!({"nonAdminFields": {"role": "user"}})).unwrap();
    let Decision::Patch { set, .. } = decide_sync(&ada(true), &[r], &p).unwrap() else {
        panic!()
    };
    assert_eq!(set, obj(json!({"role": "user"})));
}

#[test]
fn soft_deleted_rows_are_not_matched_by_email() {
    let rows = [row(json!({
        "_id": "u1", "email": "ada@example.com", "authId": "auth0", "deletedAt": 5,
    }))];
    assert!(matches!(
        decide_sync(&ada(true), &rows, &SyncPolicy::default()).unwrap(),
        Decision::Create { .. }
    ));
}

#[test]
fn on_delete_each_policy() {
    let rows = [
        row(json!({"_id": "u1", "authId": "auth1"})),
        row(json!({"_id": "u2", "authId": "other"})),
    ];
    let mk = |on_delete| SyncPolicy {
        on_delete,
        ..SyncPolicy::default()
    };
    assert_eq!(
        decide_delete("auth1", &rows, &mk(OnDelete::Delete), 0).unwrap(),
        DeleteDecision::Delete {
            table: "users".into(),
            id: "u1".into()
        }
    );
    assert_eq!(
        decide_delete("auth1", &rows, &mk(OnDelete::Keep), 0).unwrap(),
        DeleteDecision::Keep {
            table: "users".into(),
            id: "u1".into()
        }
    );
    assert_eq!(
        decide_delete("auth1", &rows, &mk(OnDelete::SoftDelete), 1_700_000_000_123).unwrap(),
        DeleteDecision::SoftDelete {
            table: "users".into(),
            id: "u1".into(),
            set: obj(json!({"deletedAt": 1_700_000_000_123_i64})),
        }
    );
    let p = SyncPolicy {
        soft_delete_field: "removedAt".into(),
        ..mk(OnDelete::SoftDelete)
    };
    let DeleteDecision::SoftDelete { set, .. } = decide_delete("auth1", &rows, &p, 7).unwrap()
    else {
        panic!()
    };
    assert_eq!(set, obj(json!({"removedAt": 7})));
    // Already soft-deleted: nothing to do.
    let gone = [row(json!({"_id": "u1", "authId": "auth1", "removedAt": 1}))];
    assert_eq!(
        decide_delete("auth1", &gone, &p, 7).unwrap(),
        DeleteDecision::None {
            table: "users".into()
        }
    );
    assert_eq!(
        decide_delete("nobody", &rows, &SyncPolicy::default(), 0).unwrap(),
        DeleteDecision::None {
            table: "users".into()
        }
    );
    let two = [
        row(json!({"_id": "u1", "authId": "auth1"})),
        row(json!({"_id": "u2", "authId": "auth1"})),
    ];
    let DeleteDecision::Reject { code, ids, .. } =
        decide_delete("auth1", &two, &SyncPolicy::default(), 0).unwrap()
    else {
        panic!()
    };
    assert_eq!(code, RejectReason::MultipleAppUsers);
    assert_eq!(ids, ["u1", "u2"]);
}

#[test]
fn invalid_policies_and_inputs_are_coded_errors() {
    for p in [
        json!({"table": ""}),
        json!({"linkField": "_id"}),
        json!({"linkField": "$x"}),
        json!({"fields": {"name": "authId"}}),
        json!({"fields": {"name": 3}}),
        json!({"defaults": {"authId": "x"}}),
        json!({"adminFields": {"_id": "x"}}),
        json!({"softDeleteField": ""}),
        json!({"linkField": "x".repeat(300)}),
    ] {
        let p: SyncPolicy = serde_json::from_value(p.clone()).unwrap();
        let e = decide_sync(&ada(true), &[], &p).unwrap_err();
        assert_eq!(e.code(), "ERR_SYNC_POLICY_INVALID", "{p:?}");
        let e = decide_delete("a", &[], &p, 0).unwrap_err();
        assert_eq!(e.code(), "ERR_SYNC_POLICY_INVALID");
    }
    for bad in [
        json!({"email": "x@y"}),
        json!({"_id": "", "email": "x"}),
        json!({"_id": "a"}),
        json!({"_id": "a", "email": 3}),
        json!("x"),
    ] {
        assert!(matches!(
            AuthUser::from_value(bad),
            Err(Error::SyncInputInvalid(_))
        ));
    }
    // Better Auth's `id` works too (outside Convex).
    assert_eq!(auth(json!({"id": "a", "email": "x"})).id, "a");
    for bad in [json!({"email": "x"}), json!({"_id": 1}), json!([])] {
        assert!(matches!(
            AppUser::from_value(bad),
            Err(Error::SyncInputInvalid(_))
        ));
    }
    let many: Vec<AppUser> = (0..=authcore::sync::MAX_CANDIDATES)
        .map(|i| row(json!({"_id": format!("u{i}")})))
        .collect();
    assert_eq!(
        decide_sync(&ada(true), &many, &SyncPolicy::default())
            .unwrap_err()
            .code(),
        "ERR_SYNC_INPUT_INVALID"
    );
}

// ---- email canonicalisation against Node ---------------------------------------------------

#[test]
fn canonical_email_matches_node_to_lower_case() {
    let v: Value = serde_json::from_str(JS_EMAILS).unwrap();
    let cases = v["cases"].as_array().unwrap();
    assert!(cases.len() >= 20);
    for c in cases {
        let input = c["input"].as_str().unwrap();
        let lower = c["toLowerCase"].as_str().unwrap();
        let key = c["nearDuplicateKey"].as_str().unwrap();
        for ver in [BetterAuthVersion::V1_6, BetterAuthVersion::V1_7] {
            assert_eq!(canonical_email(input, ver), lower, "{input:?}");
        }
        assert_eq!(js_trim(input), c["trim"].as_str().unwrap(), "{input:?}");
        assert_eq!(near_duplicate_key(input), key, "{input:?}");
    }
    // The same email through each version's findUserByEmail (run in Node).
    for m in v["matches"].as_array().unwrap() {
        let (stored, asked) = (m["stored"].as_str().unwrap(), m["asked"].as_str().unwrap());
        assert_eq!(
            emails_match(stored, asked, BetterAuthVersion::V1_6),
            m["v1_6"].as_bool().unwrap(),
            "{stored:?} {asked:?}"
        );
        assert_eq!(
            emails_match(stored, asked, BetterAuthVersion::V1_7),
            m["v1_7"].as_bool().unwrap(),
            "{stored:?} {asked:?}"
        );
    }
}

#[test]
fn lowercase_every_code_point_like_node() {
    // Node's `String.fromCodePoint(c).toLowerCase()` for every code point whose lower case is
    // not itself, as [code point, lower-case string] pairs. Code points not listed lower-case to
    // themselves in Node.
    let v: Value = serde_json::from_str(JS_LOWERCASE).unwrap();
    let pairs = v["changed"].as_array().unwrap();
    assert!(pairs.len() > 1000);
    let mut listed = std::collections::BTreeMap::new();
    for p in pairs {
        listed.insert(
            p[0].as_u64().unwrap() as u32,
            p[1].as_str().unwrap().to_string(),
        );
    }
    let mut mismatches = Vec::new();
    for cp in 0..=0x10ffff_u32 {
        let Some(c) = char::from_u32(cp) else {
            continue;
        };
        let s = c.to_string();
        let want = listed.get(&cp).cloned().unwrap_or_else(|| s.clone());
        let got = canonical_email(&s, BetterAuthVersion::V1_6);
        if got != want {
            mismatches.push(format!("U+{cp:04X}: node {want:?} rust {got:?}"));
        }
    }
    assert!(
        mismatches.is_empty(),
        "{} mismatches: {:?}",
        mismatches.len(),
        &mismatches[..mismatches.len().min(30)]
    );
}

#[test]
fn policy_from_value() {
    assert_eq!(
        SyncPolicy::from_value(json!(null)).unwrap(),
        SyncPolicy::default()
    );
    assert_eq!(
        SyncPolicy::from_value(json!({})).unwrap(),
        SyncPolicy::default()
    );
    for bad in [
        json!({"bogus": 1}),
        json!({"onDelete": "purge"}),
        json!({"table": ""}),
        json!([1]),
    ] {
        assert_eq!(
            SyncPolicy::from_value(bad).unwrap_err().code(),
            "ERR_SYNC_POLICY_INVALID"
        );
    }
    let p = SyncPolicy::from_value(json!({"onDelete": "soft-delete", "betterAuthVersion": "1.7"}))
        .unwrap();
    assert_eq!(
        (p.on_delete, p.better_auth_version),
        (OnDelete::SoftDelete, BetterAuthVersion::V1_7)
    );
}

#[test]
fn kind_matches_the_serialised_tag() {
    let up = row(
        json!({"_id": "u1", "authId": "auth1", "email": "ada@example.com", "emailVerified": true, "name": "Ada", "image": "https://img/ada.png"}),
    );
    let old = row(json!({"_id": "u1", "authId": "auth1"}));
    let free = row(json!({"_id": "u2", "email": "ada@example.com"}));
    let p = SyncPolicy::default();
    let decisions = [
        decide_sync(&ada(true), &[], &p).unwrap(),
        decide_sync(&ada(true), std::slice::from_ref(&old), &p).unwrap(),
        decide_sync(&ada(true), std::slice::from_ref(&free), &p).unwrap(),
        decide_sync(&ada(true), std::slice::from_ref(&up), &p).unwrap(),
        decide_sync(&ada(false), std::slice::from_ref(&free), &p).unwrap(),
    ];
    let kinds: Vec<&str> = decisions.iter().map(Decision::kind).collect();
    assert_eq!(kinds, ["create", "patch", "link", "none", "reject"]);
    for d in &decisions {
        assert_eq!(serde_json::to_value(d).unwrap()["kind"], d.kind());
    }
    for on_delete in [OnDelete::Delete, OnDelete::SoftDelete, OnDelete::Keep] {
        let p = SyncPolicy {
            on_delete,
            ..SyncPolicy::default()
        };
        let d = decide_delete("auth1", std::slice::from_ref(&old), &p, 1).unwrap();
        assert_eq!(serde_json::to_value(&d).unwrap()["kind"], d.kind());
    }
}
