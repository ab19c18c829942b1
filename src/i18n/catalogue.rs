//! The Fluent catalogues: one file per language, embedded at build time and parsed once.

use std::borrow::Cow;
use std::sync::LazyLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};

use super::Lang;

/// A variable's value: text, or a number (which selects plural forms).
#[derive(Debug, Clone, Copy)]
pub enum Arg<'a> {
    /// Text placed as is.
    Str(&'a str),
    /// A count: Fluent picks "1 contatto" or "2 contatti" from it.
    Num(i64),
}

impl<'a> From<&'a str> for Arg<'a> {
    fn from(s: &'a str) -> Self {
        Arg::Str(s)
    }
}

impl<'a> From<&'a String> for Arg<'a> {
    fn from(s: &'a String) -> Self {
        Arg::Str(s)
    }
}

impl From<i64> for Arg<'_> {
    fn from(n: i64) -> Self {
        Arg::Num(n)
    }
}

impl From<usize> for Arg<'_> {
    fn from(n: usize) -> Self {
        Arg::Num(i64::try_from(n).unwrap_or(i64::MAX))
    }
}

impl From<u64> for Arg<'_> {
    fn from(n: u64) -> Self {
        Arg::Num(i64::try_from(n).unwrap_or(i64::MAX))
    }
}

impl From<i32> for Arg<'_> {
    fn from(n: i32) -> Self {
        Arg::Num(n.into())
    }
}

impl From<u32> for Arg<'_> {
    fn from(n: u32) -> Self {
        Arg::Num(n.into())
    }
}

/// The catalogue text of a language.
fn source(lang: Lang) -> &'static str {
    match lang {
        Lang::En => include_str!("../../locales/en/sharebook.ftl"),
        Lang::It => include_str!("../../locales/it/sharebook.ftl"),
        Lang::Fr => include_str!("../../locales/fr/sharebook.ftl"),
        Lang::Es => include_str!("../../locales/es/sharebook.ftl"),
        Lang::De => include_str!("../../locales/de/sharebook.ftl"),
    }
}

/// Why a catalogue could not be loaded.
#[derive(Debug, thiserror::Error)]
#[error("catalogue {lang}: {problem}")]
pub struct CatalogueError {
    lang: &'static str,
    problem: String,
}

type Bundles = Vec<(Lang, FluentBundle<FluentResource>)>;

static BUNDLES: LazyLock<Result<Bundles, CatalogueError>> = LazyLock::new(|| {
    Lang::ALL
        .iter()
        .map(|&lang| {
            let error = |problem: String| CatalogueError {
                lang: lang.code(),
                problem,
            };
            let resource = FluentResource::try_new(source(lang).to_owned())
                .map_err(|(_, errors)| error(format!("syntax errors: {errors:?}")))?;
            let id: unic_langid::LanguageIdentifier = lang
                .code()
                .parse()
                .map_err(|e| error(format!("language tag: {e}")))?;
            let mut bundle = FluentBundle::new_concurrent(vec![id]);
            // Cards and emails are not bidirectional text: the isolation marks Fluent adds around
            // variables by default would show up as stray characters.
            bundle.set_use_isolating(false);
            bundle
                .add_resource(resource)
                .map_err(|errors| error(format!("duplicate messages: {errors:?}")))?;
            Ok((lang, bundle))
        })
        .collect()
});

/// Parses every catalogue; called at start-up.
pub fn check_catalogues() -> Result<(), &'static CatalogueError> {
    BUNDLES.as_ref().map(|_| ())
}

fn bundle(lang: Lang) -> Option<&'static FluentBundle<FluentResource>> {
    BUNDLES
        .as_ref()
        .ok()?
        .iter()
        .find(|(l, _)| *l == lang)
        .map(|(_, b)| b)
}

/// Whether the English catalogue has message `id`.
pub(super) fn exists(id: &str) -> bool {
    bundle(Lang::En).is_some_and(|b| b.has_message(id))
}

/// Formats message `id` in `lang`, falling back to English and, failing that, to the id itself
/// (a test makes sure neither happens).
pub(super) fn format(lang: Lang, id: &str, args: &[(&str, Arg<'_>)]) -> String {
    let found = [lang, Lang::En].into_iter().find_map(|l| {
        let b = bundle(l)?;
        let pattern = b.get_message(id)?.value()?;
        Some((b, pattern))
    });
    let Some((b, pattern)) = found else {
        debug_assert!(false, "no message {id}");
        tracing::warn!(message = id, "message missing from the catalogues");
        return id.to_owned();
    };
    let fluent_args = (!args.is_empty()).then(|| {
        let mut a = FluentArgs::with_capacity(args.len());
        for (name, value) in args {
            match value {
                Arg::Str(s) => a.set(*name, FluentValue::String(Cow::Borrowed(*s))),
                Arg::Num(n) => a.set(*name, FluentValue::from(*n)),
            }
        }
        a
    });
    let mut errors = Vec::new();
    let text = b.format_pattern(pattern, fluent_args.as_ref(), &mut errors);
    debug_assert!(errors.is_empty(), "message {id}: {errors:?}");
    if !errors.is_empty() {
        tracing::warn!(message = id, ?errors, "message formatted with errors");
    }
    text.into_owned()
}

/// Every message id of `lang`'s catalogue (tests compare the languages).
pub fn message_ids(lang: Lang) -> Vec<String> {
    parsed(lang)
        .map(|r| {
            r.entries()
                .filter_map(|e| match e {
                    fluent_syntax::ast::Entry::Message(m) => Some(m.id.name.to_owned()),
                    _ => None,
                })
                .collect()
        })
        .unwrap_or_default()
}

fn parsed(lang: Lang) -> Option<&'static FluentResource> {
    // The bundle keeps its resources; parse again rather than reach into it.
    static RESOURCES: LazyLock<Vec<(Lang, Option<FluentResource>)>> = LazyLock::new(|| {
        Lang::ALL
            .iter()
            .map(|&l| (l, FluentResource::try_new(source(l).to_owned()).ok()))
            .collect()
    });
    RESOURCES
        .iter()
        .find(|(l, _)| *l == lang)
        .and_then(|(_, r)| r.as_ref())
}

/// The wording of `lang`'s catalogue without its variables: each run of text between
/// placeables, trimmed (tests look for English left in other languages' cards).
pub fn literal_texts(lang: Lang) -> Vec<String> {
    use fluent_syntax::ast::{Entry, Expression, InlineExpression, Pattern, PatternElement};
    fn pattern(p: &Pattern<&str>, run: &mut String, out: &mut Vec<String>) {
        for element in &p.elements {
            match element {
                PatternElement::TextElement { value } => run.push_str(value),
                PatternElement::Placeable { expression } => {
                    flush(run, out);
                    match expression {
                        Expression::Select { variants, .. } => {
                            for v in variants {
                                pattern(&v.value, run, out);
                                flush(run, out);
                            }
                        }
                        Expression::Inline(InlineExpression::StringLiteral { value }) => {
                            run.push_str(value);
                        }
                        Expression::Inline(_) => {}
                    }
                }
            }
        }
    }
    fn flush(run: &mut String, out: &mut Vec<String>) {
        for line in run.split('\n') {
            let t = line.trim();
            if !t.is_empty() {
                out.push(t.to_owned());
            }
        }
        run.clear();
    }
    let mut out = Vec::new();
    if let Some(r) = parsed(lang) {
        for e in r.entries() {
            if let Entry::Message(m) = e
                && let Some(v) = &m.value
            {
                let mut run = String::new();
                pattern(v, &mut run, &mut out);
                flush(&mut run, &mut out);
            }
        }
    }
    out
}

/// The variables message `id` uses in `lang`, sorted (tests: the same in every language).
pub fn variables_of(lang: Lang, id: &str) -> Vec<String> {
    use fluent_syntax::ast::{Entry, Expression, InlineExpression, Pattern, PatternElement};
    fn pattern(p: &Pattern<&str>, out: &mut Vec<String>) {
        for element in &p.elements {
            if let PatternElement::Placeable { expression } = element {
                expr(expression, out);
            }
        }
    }
    fn expr(e: &Expression<&str>, out: &mut Vec<String>) {
        match e {
            Expression::Select { selector, variants } => {
                inline(selector, out);
                variants.iter().for_each(|v| pattern(&v.value, out));
            }
            Expression::Inline(i) => inline(i, out),
        }
    }
    fn inline(i: &InlineExpression<&str>, out: &mut Vec<String>) {
        match i {
            InlineExpression::VariableReference { id } => out.push(id.name.to_owned()),
            InlineExpression::FunctionReference { arguments, .. } => {
                arguments.positional.iter().for_each(|a| inline(a, out));
            }
            InlineExpression::Placeable { expression } => expr(expression, out),
            _ => {}
        }
    }
    let mut out = Vec::new();
    if let Some(r) = parsed(lang) {
        for e in r.entries() {
            if let Entry::Message(m) = e
                && m.id.name == id
                && let Some(v) = &m.value
            {
                pattern(v, &mut out);
            }
        }
    }
    out.sort();
    out.dedup();
    out
}
