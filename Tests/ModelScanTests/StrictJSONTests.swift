import BulwarkCore
import Testing
@testable import ModelScan

@Suite("strict JSON")
struct StrictJSONTests {
    func parse(_ text: String) throws -> JSONValue { try StrictJSONParser().parse(Array(text.utf8)) }

    @Test func parsesValues() throws {
        let value = try parse(#" {"a": [1, -2.5e3, true, false, null], "b": "x\u00e9\ud83d\ude00\n"} "#)
        #expect(value["b"]?.stringValue == "xé😀\n")
        guard case let .array(items)? = value["a"] else { Issue.record("not an array"); return }
        #expect(items == [.number("1"), .number("-2.5e3"), .bool(true), .bool(false), .null])
    }

    @Test(arguments: [
        (#"{"a":1,"a":2}"#, "duplicate key"),
        (#"{"a":1,}"#, "expected a string key"),
        (#"[1,2"#, "ends inside an array"),
        (#"{"a":01}"#, "leading zero"),
        (#""\ud800""#, "unpaired surrogate"),
        (#""\x""#, "invalid escape"),
        ("\"a\u{01}\"", "control character"),
        (#"{"a":1} x"#, "unexpected data"),
        (#"NaN"#, "where a value was expected"),
        (#""abc"#, "unterminated string"),
    ])
    func rejects(text: String, reason: String) {
        #expect {
            try parse(text)
        } throws: { error in "\(error)".contains(reason) }
    }

    @Test func rejectsDeepNesting() {
        let text = String(repeating: "[", count: 100) + String(repeating: "]", count: 100)
        #expect {
            try parse(text)
        } throws: { error in "\(error)".contains("nesting deeper than 64") }
    }

    @Test func reportsOffsetOfDuplicate() {
        #expect {
            try StrictJSONParser(what: "header", baseOffset: 8).parse(Array(#"{"a":1,"a":2}"#.utf8))
        } throws: { error in "\(error)".contains("byte 15") }
    }
}
