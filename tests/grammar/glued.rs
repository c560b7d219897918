//! Keywords glued to the next word: with the space the text parses; without, the error points
//! at the glued word and says what it expected.

use super::*;

// ---------------------------------------------------------------- keywords glued to the next word

/// `text` with `·` where a space belongs. With the space it parses; without, the error is at
/// `at` (`line:column`), under the glued word `under`, and says `message`.
#[track_caller]
fn glued(text: &str, at: &str, under: &str, message: &str) {
    parse(&text.replace('·', " "));
    let glued = text.replace('·', "");
    let (a, u, m) = error_at(&glued);
    assert_eq!(
        (a.as_str(), u.as_str(), m.as_str()),
        (at, under, message),
        "{glued:?}"
    );
}

const REQUIRE: &str = "\n    require true\n      otherwise \"x\"";

#[test]
fn a_keyword_glued_to_a_name_is_an_error_at_the_glued_word() {
    let statements = "expected `let`, `require` or `when`";
    glued(
        &rule(&format!("member m:{REQUIRE}")).replace("for each", "for·each"),
        "4:3",
        "foreach",
        "expected `for each`",
    );
    glued(
        &rule(&format!("member m:{REQUIRE}")).replace("each member", "each·member"),
        "4:7",
        "eachmember",
        "expected `each`",
    );
    glued(
        &rule(&format!("member m:\n    let·born = m.birth_date{REQUIRE}")),
        "5:5",
        "letborn",
        statements,
    );
    glued(
        &rule("member m:\n    require·born < 2030-01-01\n      otherwise \"x\""),
        "5:5",
        "requireborn",
        statements,
    );
    glued(
        &rule(&format!("member m:\n    when·m.x = 1{REQUIRE}")),
        "5:5",
        "whenm",
        statements,
    );
    glued(
        &format!("rule X \"t\" severity·error citation \"c\"\n  for each member m:{REQUIRE}"),
        "1:12",
        "severityerror",
        "expected `severity`",
    );
    glued(
        &rule(&format!("member m where·m.x = 1:{REQUIRE}")),
        "4:21",
        "wherem",
        "expected `numbered per` or `where`",
    );
    glued(
        &rule(&format!("member m:{REQUIRE}\n    report on·m")),
        "7:12",
        "onm",
        "expected `on`",
    );
    glued(
        &rule(&format!("member m, numbered per·m.x by m.y as n:{REQUIRE}")),
        "4:31",
        "perm",
        "expected `per`",
    );
    glued(
        &rule(&format!("member m, each year y from·a until b:{REQUIRE}")),
        "4:34",
        "froma",
        "expected `from`, `numbered per` or `where`",
    );
    glued(
        &rule(&format!(
            "member m, each period y of·12 months from a until b:{REQUIRE}"
        )),
        "4:36",
        "of12",
        "expected `numbered per`, `of` or `where`",
    );
    glued(
        &rule("member m:\n    require sum(o.x for each·member o) > 1\n      otherwise \"x\""),
        "5:25",
        "eachmember",
        "expected `each`",
    );
    glued(
        "definition d(x: integer) means·x > 1",
        "1:26",
        "meansx",
        "expected `means`",
    );
    glued(
        "parameter x: 1 from·2021-10-01",
        "1:16",
        "from2021-10-01",
        "expected `from`, a day of the year such as `31 March` or a duration such as `6 months`",
    );
    glued(
        "amend parameter·x: 1 from 2021-10-01",
        "1:7",
        "parameterx",
        "expected `parameter`",
    );
    glued(
        "collection·c { id: text }",
        "1:1",
        "collectionc",
        "expected `collection`, `parameter`, `amend parameter`, `definition` or `rule`",
    );
    let form = "expected `optional` or a form (`text`, `code`, `integer`, `decimal`, `money`, `date`, `one of`, `ref` or `{`)";
    glued(
        "collection c { id: optional·text }",
        "1:20",
        "optionaltext",
        form,
    );
    glued(
        "collection c { id: ref·members }",
        "1:20",
        "refmembers",
        form,
    );
    glued("collection c { id: one·of \"a\" }", "1:20", "oneof", form);
    glued(
        "collection c { a: date b: date in force·from a until b }",
        "1:35",
        "forcefrom",
        "expected `force`",
    );
    glued(
        "collection c { k: text id: integer, required·when k = \"a\" }",
        "1:37",
        "requiredwhen",
        "expected `forbidden otherwise` or `required when`",
    );
}

#[test]
fn a_keyword_glued_to_an_expression_is_an_error_at_the_glued_word() {
    glued(
        &rule("member m:\n    require if a then·b else c\n      otherwise \"x\""),
        "5:18",
        "thenb",
        "expected `.` and a field name, `and` or `or`, `in force on`, `in`, `is absent`, `is present`, `on`, `then`, a comparison or an operator",
    );
    glued(
        &rule("member m:\n    require if a then b else·c\n      otherwise \"x\""),
        "5:25",
        "elsec",
        "expected `.` and a field name, `and` or `or`, `else`, `in force on`, `in`, `is absent`, `is present`, `on`, a comparison or an operator",
    );
    glued(
        &rule(&format!("member m, numbered per m.x by·m.y as n:{REQUIRE}")),
        "4:39",
        "bym",
        "expected `.` and a field name, `and` or `or`, `by`, `in force on`, `in`, `is absent`, `is present`, `on`, a comparison or an operator",
    );
    glued(
        &rule("member m:\n    require some member o satisfies·o.x\n      otherwise \"x\""),
        "5:27",
        "satisfieso",
        "expected `.` and a field name, `and` or `or`, `in force on`, `in`, `is absent`, `is present`, `on`, `otherwise`, `satisfies`, `where`, a comparison or an operator",
    );
}

#[test]
fn a_keyword_glued_to_a_quote_or_a_bracket_is_fine() {
    // A quote, a bracket or a colon is not part of a word.
    the_rule(&rule("member m:\n    require(true)\n      otherwise\"x\""));
    parse(
        "rule X \"t\" severity error citation\"c\"\n  for each member m:\n    require true otherwise \"x\"",
    );
    parse("collection c { id: one of\"a\",\"b\" }");
}

#[test]
fn a_binding_word_glued_to_its_name_reads_as_a_collection() {
    // `year` and `period` may be collection names (see ALLOWED_AS_NAMES): `yeary` is a
    // collection, and the error is at the word after it, which cannot be a record's name.
    glued(
        &rule(&format!("member m, each year·y from a until b:{REQUIRE}")),
        "4:33",
        "from",
        "expected a name",
    );
    glued(
        &rule(&format!(
            "member m, each period·y of 12 months from a until b:{REQUIRE}"
        )),
        "4:35",
        "of",
        "expected a name",
    );
}
