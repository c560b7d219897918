//! Names and keywords: what a name may be, and every word of the language one whole-word keyword rule.

use super::*;

// ---------------------------------------------------------------- names

#[test]
fn ident_accepts_names_and_rejects_keywords() {
    for ok in [
        "m",
        "drawn",
        "birth_date",
        "_x",
        "x1",
        "in_mandate",
        "format",
        "nothing",
        "iffy",
        "eachone",
        "year",
        "date",
    ] {
        accepts(Rule::ident, ok);
    }
    for kw in [
        "absent",
        "amend",
        "and",
        "as",
        "by",
        "citation",
        "collection",
        "count",
        "definition",
        "distinct",
        "each",
        "else",
        "every",
        "false",
        "force",
        "for",
        "from",
        "if",
        "in",
        "is",
        "let",
        "maximum",
        "means",
        "minimum",
        "none",
        "not",
        "no",
        "numbered",
        "of",
        "once",
        "on",
        "or",
        "otherwise",
        "parameter",
        "per",
        "present",
        "report",
        "require",
        "rule",
        "satisfies",
        "severity",
        "some",
        "sum",
        "then",
        "true",
        "until",
        "when",
        "where",
    ] {
        rejects(Rule::ident, kw);
        accepts(Rule::keyword, kw);
        // A keyword followed by a word character is a name.
        accepts(Rule::ident, &format!("{kw}_x"));
    }
    for bad in ["1x", "x-y", "", "-x", "é-x"] {
        rejects(Rule::ident, bad);
    }
    // Names may use the letters of any language.
    for ok in ["échéance", "größe", "ändern_1", "_é", "δ", "名前", "andé"] {
        accepts(Rule::ident, ok);
    }
}

#[test]
fn field_name_may_be_a_keyword() {
    for ok in ["for", "against", "date", "from", "in", "id"] {
        accepts(Rule::field_name, ok);
    }
    rejects(Rule::field_name, "2x");
    // `d.votes.for` reads the field `for`.
    assert_eq!(expr("x.votes.for"), "x.votes.for");
}

#[test]
fn rule_id_starts_with_a_capital() {
    for ok in [
        "MEM-AGE",
        "A",
        "SES-PLENARY-POWERS",
        "DOC-EXAMPLE-2",
        "X_1",
        "Ab-1",
    ] {
        accepts(Rule::rule_id, ok);
    }
    for bad in ["mem-age", "-AGE", "1AGE", "MEM AGE", "MEM.AGE", ""] {
        rejects(Rule::rule_id, bad);
    }
}

// ---------------------------------------------------------------- keywords

/// The grammar file, as written.
const GRAMMAR: &str = include_str!("../../grammar/garant.pest");

/// The keyword rules (`k_for`, `k_each`...) and their words.
fn keyword_rules() -> Vec<(Rule, String)> {
    Rule::all_rules()
        .iter()
        .filter_map(|r| {
            let name = format!("{r:?}");
            name.strip_prefix("k_").map(|word| (*r, word.to_string()))
        })
        .collect()
}

/// The words of the language that may also be names, and why. Every other word is reserved.
const ALLOWED_AS_NAMES: &[&str] = &[
    // The built-in function `year(d)`; and a binding that is not one of years or periods is one
    // of records, so a collection may be called `year` or `period`.
    "year",
    "period",
    // Written only among the fields of a collection, where names are field names.
    "exactly",
    "one",
    "optional",
    "ref",
    "required",
    "forbidden",
];

/// The rules of the grammar file: name, modifier (`@`, `$`, `_`, `!` or ` `) and body.
fn grammar_rules() -> Vec<(String, char, String)> {
    let mut rules: Vec<(String, char, String)> = Vec::new();
    for line in GRAMMAR.lines() {
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with("//") {
            continue;
        }
        let starts_a_rule = !line.starts_with(char::is_whitespace) && !trimmed.starts_with('}');
        match (starts_a_rule, line.split_once('='), rules.last_mut()) {
            (true, Some((name, def)), _) => {
                let def = def.trim_start();
                let (modifier, body) = match def.strip_prefix('{') {
                    Some(body) => (' ', body),
                    None => {
                        let mut chars = def.chars();
                        let modifier = chars.next().unwrap_or(' ');
                        (modifier, chars.as_str().trim_start_matches('{'))
                    }
                };
                rules.push((name.trim().to_string(), modifier, body.to_string()));
            }
            (false, _, Some(last)) => {
                last.2.push(' ');
                last.2.push_str(trimmed);
            }
            _ => panic!("cannot read the grammar line {line:?}"),
        }
    }
    for rule in &mut rules {
        rule.2 = rule.2.trim().trim_end_matches('}').trim().to_string();
    }
    rules
}

/// The quoted literals of a rule's body that are words (`"for"`, not `"{"`).
fn word_literals(body: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut chars = body.chars();
    while let Some(c) = chars.next() {
        if c != '"' {
            continue;
        }
        let mut literal = String::new();
        while let Some(c) = chars.next() {
            match c {
                '"' => break,
                // An escape (`"\t"`, `"\""`) is no letter.
                '\\' => literal.extend(['\\'].into_iter().chain(chars.next())),
                _ => literal.push(c),
            }
        }
        if !literal.is_empty() && literal.chars().all(|c| c.is_ascii_alphabetic()) {
            words.push(literal);
        }
    }
    words
}

#[test]
fn every_keyword_is_a_whole_word() {
    let keywords = keyword_rules();
    assert!(keywords.len() > 50, "only {} keyword rules", keywords.len());
    for (r, word) in &keywords {
        accepts(*r, word);
        // Followed by a letter, a digit or `_`, it is not the keyword, not even its start.
        for glued in ["x", "X", "1", "_"].map(|next| format!("{word}{next}")) {
            assert!(
                Grammar::parse(*r, &glued).is_err(),
                "{r:?} matches in {glued:?}"
            );
        }
        // Followed by anything else, it is.
        for next in [" ", "\n", "#", "(", "\"", ":", ",", "."] {
            let text = format!("{word}{next}");
            let matched = Grammar::parse(*r, &text).map(|p| p.as_str().to_string());
            assert_eq!(matched.as_deref(), Ok(word.as_str()), "{r:?} in {text:?}");
        }
    }
}

#[test]
fn every_keyword_is_reserved_or_deliberately_a_name() {
    let words: Vec<String> = keyword_rules().into_iter().map(|(_, w)| w).collect();
    for word in &words {
        if ALLOWED_AS_NAMES.contains(&word.as_str()) {
            rejects(Rule::keyword, word);
            accepts(Rule::ident, word);
        } else {
            assert!(
                full(Rule::keyword, word),
                "`{word}` is neither in the rule `keyword` of grammar/garant.pest nor allowed as a name in ALLOWED_AS_NAMES"
            );
            rejects(Rule::ident, word);
        }
        // Any word of the language is a field name: `votes.for`, `in force from from until to`.
        accepts(Rule::field_name, word);
    }
    for allowed in ALLOWED_AS_NAMES {
        assert!(
            words.iter().any(|w| w == allowed),
            "`{allowed}` has no keyword rule"
        );
    }
}

#[test]
fn the_grammar_writes_each_word_in_one_keyword_rule() {
    let rules = grammar_rules();
    assert!(rules.len() > 100, "only {} rules read", rules.len());
    // Words of values, not of the language, in atomic rules (no whitespace slips in there).
    let vocabularies = [
        "money",
        "unit",
        "month_name",
        "scalar_kind",
        "code_kind",
        "severity_level",
    ];
    let mut keyword_names = Vec::new();
    for (name, modifier, body) in &rules {
        let words = word_literals(body);
        if let Some(word) = name.strip_prefix("k_") {
            assert_eq!(
                (*modifier, body.as_str()),
                ('@', format!("\"{word}\" ~ !word_char").as_str()),
                "the keyword rule `{name}`"
            );
            keyword_names.push(name.clone());
        } else if vocabularies.contains(&name.as_str()) {
            assert!(matches!(modifier, '@' | '$'), "`{name}` is not atomic");
        } else {
            // In a non-atomic rule pest matches `"for"` at the start of `foreach`.
            assert!(
                words.is_empty(),
                "the rule `{name}` writes {words:?}: use keyword rules (`k_...`), which match whole words"
            );
        }
    }
    let parsed: Vec<String> = keyword_rules()
        .into_iter()
        .map(|(r, _)| format!("{r:?}"))
        .collect();
    assert_eq!(keyword_names, parsed);
    // The reserved words are keyword rules, each once.
    let Some((_, _, reserved)) = rules.iter().find(|(name, _, _)| name == "keyword") else {
        panic!("no rule `keyword`")
    };
    let reserved: Vec<&str> = reserved.split('|').map(str::trim).collect();
    for name in &reserved {
        assert!(
            keyword_names.iter().any(|k| k == name),
            "`{name}` in `keyword`"
        );
    }
    let mut once = reserved.clone();
    once.sort_unstable();
    once.dedup();
    assert_eq!(once.len(), reserved.len(), "a word twice in `keyword`");
}
