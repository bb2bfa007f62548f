//! A shallow, allocation-light view of one exported document: its top-level fields with the
//! value's Convex type, strings borrowed from the line where JSON escapes allow.
//!
//! Nested arrays and objects are skipped (only their kind is kept), except that an object
//! whose first key starts with `$` is recognised as Convex's internal JSON (`$float`,
//! `$integer`, `$bytes`), as the import decoder does.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, Deserialize, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

/// The value of one top-level field.
#[derive(Debug, Clone, PartialEq)]
pub enum Val<'a> {
    /// JSON `null`.
    Null,
    /// JSON `true` / `false`.
    Bool(bool),
    /// A number written without a fraction or exponent that fits an i64 (int64 under the
    /// "uniform" format).
    Int(i64),
    /// Any other number (float64).
    Float(f64),
    /// A string.
    Str(Cow<'a, str>),
    /// `{"$float": …}` (NaN or ±Inf).
    SpecialFloat,
    /// `{"$integer": …}`.
    SpecialInteger,
    /// `{"$bytes": …}`.
    SpecialBytes,
    /// An object whose first key starts with `$` but is none of the above.
    SpecialUnknown,
    /// An array (contents not kept).
    Array,
    /// An object (contents not kept).
    Object,
}

impl Val<'_> {
    /// The string, if this is one.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Val::Str(s) => Some(s),
            _ => None,
        }
    }

    /// A short name of the type, for messages.
    pub fn type_name(&self) -> &'static str {
        match self {
            Val::Null => "null",
            Val::Bool(_) => "boolean",
            Val::Int(_) | Val::SpecialInteger => "int64",
            Val::Float(_) | Val::SpecialFloat => "float64",
            Val::Str(_) => "string",
            Val::SpecialBytes => "bytes",
            Val::SpecialUnknown => "unknown $-object",
            Val::Array => "array",
            Val::Object => "object",
        }
    }
}

/// One document: its top-level fields in file order.
#[derive(Debug, Default)]
pub struct Doc<'a> {
    /// `(name, value)` pairs.
    pub fields: Vec<(Cow<'a, str>, Val<'a>)>,
}

impl<'a> Doc<'a> {
    /// Parse one JSONL line. `None` when it is not a JSON object.
    pub fn parse(line: &'a [u8]) -> Option<Doc<'a>> {
        serde_json::from_slice(line).ok()
    }

    /// The value of field `name`, if present.
    pub fn get(&self, name: &str) -> Option<&Val<'a>> {
        self.fields
            .iter()
            .find(|(k, _)| k.as_ref() == name)
            .map(|(_, v)| v)
    }

    /// The string value of field `name` (None if absent or not a string).
    pub fn str(&self, name: &str) -> Option<&str> {
        self.get(name).and_then(Val::as_str)
    }
}

struct CowStr<'a>(Cow<'a, str>);

impl<'de: 'a, 'a> Deserialize<'de> for CowStr<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = CowStr<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(CowStr(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(CowStr(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
                Ok(CowStr(Cow::Owned(v)))
            }
        }
        d.deserialize_str(V)
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for Val<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Val<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a JSON value")
            }
            fn visit_unit<E>(self) -> Result<Self::Value, E> {
                Ok(Val::Null)
            }
            fn visit_none<E>(self) -> Result<Self::Value, E> {
                Ok(Val::Null)
            }
            fn visit_bool<E>(self, v: bool) -> Result<Self::Value, E> {
                Ok(Val::Bool(v))
            }
            fn visit_i64<E>(self, v: i64) -> Result<Self::Value, E> {
                Ok(Val::Int(v))
            }
            fn visit_u64<E>(self, v: u64) -> Result<Self::Value, E> {
                Ok(match i64::try_from(v) {
                    Ok(i) => Val::Int(i),
                    Err(_) => Val::Float(v as f64),
                })
            }
            fn visit_f64<E>(self, v: f64) -> Result<Self::Value, E> {
                Ok(Val::Float(v))
            }
            fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(Val::Str(Cow::Borrowed(v)))
            }
            fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
                Ok(Val::Str(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E>(self, v: String) -> Result<Self::Value, E> {
                Ok(Val::Str(Cow::Owned(v)))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(Val::Array)
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let first: Option<CowStr> = map.next_key()?;
                let kind = match first.as_ref().map(|k| k.0.as_ref()) {
                    Some("$float") => Val::SpecialFloat,
                    Some("$integer") => Val::SpecialInteger,
                    Some("$bytes") => Val::SpecialBytes,
                    Some(k) if k.starts_with('$') => Val::SpecialUnknown,
                    _ => Val::Object,
                };
                if first.is_some() {
                    map.next_value::<IgnoredAny>()?;
                    while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                }
                Ok(kind)
            }
        }
        d.deserialize_any(V)
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for Doc<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Doc<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut fields = Vec::with_capacity(12);
                while let Some(k) = map.next_key::<CowStr>()? {
                    let v: Val = map.next_value()?;
                    fields.push((k.0, v));
                }
                Ok(Doc { fields })
            }
        }
        d.deserialize_map(V)
    }
}
