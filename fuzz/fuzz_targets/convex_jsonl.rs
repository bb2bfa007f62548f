//! One line of a Convex export's `documents.jsonl`: the streaming document parser, the
//! id_v6 codec on every string field, and the sync document readers.
#![no_main]
use authcore::convex_export::{id, value::Doc};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Some(doc) = Doc::parse(data) {
        for (_, v) in &doc.fields {
            let _ = v.type_name();
            if let Some(s) = v.as_str() {
                if let Some(d) = id::decode(s) {
                    // A decoded id re-encodes to the same text.
                    assert_eq!(d.encode(), s);
                }
            }
        }
        let _ = doc.str("_id");
    }
    if let Ok(s) = std::str::from_utf8(data) {
        let _ = id::decode(s);
        if let Ok(v) = serde_json::from_str::<serde_json::Value>(s) {
            use authcore::sync::{self, AppUser, AuthUser, SyncPolicy};
            let auth = AuthUser::from_value(v.clone());
            let app = AppUser::from_value(v);
            if let (Ok(auth), Ok(app)) = (auth, app) {
                let policy = SyncPolicy::default();
                let apps = [app.clone(), app];
                let _ = sync::decide_sync(&auth, &apps[..1], &policy);
                let _ = sync::decide_sync(&auth, &apps, &policy);
                let _ = sync::decide_delete(&auth.id, &apps[..1], &policy, 1_795_835_626_000);
            }
        }
    }
});
