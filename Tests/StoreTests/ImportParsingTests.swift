import BulwarkCore
import Testing

@testable import Store

@Suite("Import parsing")
struct ImportParsingTests {
    private func records(_ text: String, quoted: Bool, chunk: Int = 3, max: Int = 1 << 20) throws -> [(Int, String)] {
        var scanner = RecordScanner(quoted: quoted, maxRecordBytes: max)
        var result: [(Int, String)] = []
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            scanner.feed(bytes[offset..<min(bytes.count, offset + chunk)])
            offset += chunk
            while let record = try scanner.next(atEnd: false) { result.append((record.line, String(decoding: record.bytes, as: UTF8.self))) }
        }
        while let record = try scanner.next(atEnd: true) { result.append((record.line, String(decoding: record.bytes, as: UTF8.self))) }
        return result
    }

    @Test func scannerKeepsLineNumbersAcrossQuotedLineBreaks() throws {
        let found = try records("a,b\r\n\"x\ny\",z\nlast", quoted: true)
        #expect(found.map(\.0) == [1, 2, 4])
        #expect(found.map(\.1) == ["a,b", "\"x\ny\",z", "last"])
    }

    @Test func scannerWithoutQuotesSplitsEveryLine() throws {
        #expect(try records("\"a\n\"b\n", quoted: false).map(\.1) == ["\"a", "\"b"])
    }

    @Test func truncatedQuotedFieldAtTheEndIsAnError() {
        #expect(throws: BulwarkError.invalidInput(what: "input", where: "line 2", reason: "a quoted field is not closed before the end of the file")) {
            _ = try records("a,b\n\"never closed\n", quoted: true)
        }
    }

    @Test func oversizedRecordIsAnError() {
        #expect(throws: BulwarkError.self) {
            _ = try records(String(repeating: "x", count: 500) + "\n", quoted: false, max: 100)
        }
        // A quote opened and never closed cannot make the scanner buffer the whole input.
        #expect(throws: BulwarkError.self) {
            _ = try records("\"" + String(repeating: "x\n", count: 200), quoted: true, max: 100)
        }
    }

    @Test func delimitedFieldsFollowRFC4180() throws {
        #expect(try DelimitedFields.split(ArraySlice("a,\"b,c\",\"d\"\"e\",".utf8), delimiter: 44, quoted: true) == ["a", "b,c", "d\"e", ""])
        #expect(throws: RowProblem.self) { try DelimitedFields.split(ArraySlice("a,\"b\"c".utf8), delimiter: 44, quoted: true) }
        #expect(throws: RowProblem.self) { try DelimitedFields.split(ArraySlice("a,b\"c".utf8), delimiter: 44, quoted: true) }
        #expect(throws: RowProblem.self) { try DelimitedFields.split(ArraySlice("\"open".utf8), delimiter: 44, quoted: true) }
        #expect(throws: RowProblem.self) {
            try DelimitedFields.split(ArraySlice(String(repeating: ",", count: 300).utf8), delimiter: 44, quoted: true)
        }
    }

    private func decode(_ lines: [String], format: BankFileFormat) throws -> [RowDecoder.Outcome] {
        var decoder = RowDecoder(options: ImportOptions(format: format))
        return try lines.enumerated().map { index, line in
            try decoder.decode(RecordScanner.Record(line: index + 1, bytes: ArraySlice(line.utf8)))
        }
    }

    private func invalidReason(_ outcome: RowDecoder.Outcome) -> String? {
        if case .invalid(let row) = outcome { return row.reason }
        return nil
    }

    @Test func headerWithoutValueOrTypeColumnIsRefused() {
        #expect(throws: BulwarkError.self) { _ = try decode(["signal_type,source", "md5,x"], format: .csv) }
        #expect(throws: BulwarkError.self) { _ = try decode(["value,source"], format: .csv) }
        #expect(throws: BulwarkError.self) { _ = try decode(["value,hash,signal_type"], format: .csv) }
        #expect(throws: BulwarkError.self) { _ = try decode(["\"value,signal_type"], format: .csv) }
    }

    @Test func shortRowsAndBadLabelsAreInvalid() throws {
        let outcomes = try decode(
            ["signal_type,value,ai_generated", "md5", "md5,\(Fixtures.md5(1)),maybe", "md5,,no"], format: .csv)
        #expect(invalidReason(outcomes[1])?.contains("expected at least 2 columns") == true)
        #expect(invalidReason(outcomes[2]) == "ai_generated: \"maybe\" is not yes, no or unknown")
        #expect(invalidReason(outcomes[3])?.hasPrefix("value:") == true)
    }

    @Test func ndjsonRowsMustBeObjectsOfStrings() throws {
        let outcomes = try decode(
            ["{\"signal_type\":\"md5\"", "[1,2]", "{\"signal_type\":\"md5\",\"value\":5}", "{\"value\":\"\(Fixtures.md5(1))\"}",
             "{\"signal_type\":\"md5\",\"value\":\"\(Fixtures.md5(1))\",\"ai_generated\":false}"],
            format: .ndjson)
        #expect(invalidReason(outcomes[0]) == "not valid JSON")
        #expect(invalidReason(outcomes[1]) == "a line must hold one JSON object")
        #expect(invalidReason(outcomes[2]) == "value: must be a string")
        #expect(invalidReason(outcomes[3]) == "signal_type: missing")
        guard case .drafts(let drafts) = outcomes[4] else { Issue.record("expected a draft"); return }
        #expect(drafts[0].labels.aiGenerated == .no)
    }

    @Test func hashListsSniffOrRefuseAmbiguousLengths() throws {
        let outcomes = try decode([Fixtures.pdq(1), "abc", "# comment", Fixtures.sha1(2)], format: .hashList(nil))
        #expect(invalidReason(outcomes[0])?.contains("could be SHA-256 or PDQ") == true)
        #expect(invalidReason(outcomes[1])?.contains("from its 3 characters") == true)
        guard case .skip = outcomes[2], case .drafts(let drafts) = outcomes[3] else { Issue.record("unexpected outcomes"); return }
        #expect(drafts == [EntryDraft(signal: Signal(type: .sha1, value: Fixtures.sha1(2)))])
        let typed = try decode([Fixtures.md5(3)], format: .hashList(.sha1))
        #expect(invalidReason(typed[0])?.contains("expected 40 hex digits") == true)
    }

    @Test func pairsNeedOnePDQAndOneMD5() throws {
        let outcomes = try decode(
            ["\(Fixtures.pdq(1)),\(Fixtures.pdq(2))", Fixtures.pdq(1), "\(Fixtures.pdq(1)),\(Fixtures.md5(1)),x"],
            format: .pdqMD5Pairs)
        #expect(invalidReason(outcomes[0]) == "expected one PDQ hash and one MD5 hash")
        #expect(invalidReason(outcomes[1])?.contains("found 1 fields") == true)
        #expect(invalidReason(outcomes[2])?.contains("found 3 fields") == true)
    }

    @Test func postgresURLsParseAndReportWhatIsWrong() throws {
        let url = try PostgresURL("postgres://bulwark:p%40ss@db.example:6543/banks?sslmode=require")
        #expect(url.user == "bulwark")
        #expect(url.password == "p@ss")
        #expect(url.host == "db.example")
        #expect(url.port == 6543)
        #expect(url.database == "banks")
        #expect(url.requireTLS)
        #expect(url.description == "postgres://bulwark:***@db.example:6543/banks")
        let plain = try PostgresURL("postgresql://localhost/db")
        #expect(plain.port == 5432 && plain.user == "postgres" && plain.password == nil)
        for bad in ["mysql://x/y", "postgres://host", "postgres://host/", "postgres://u@host:99999/db", "postgres://u:%zz@h/db", "postgres:///db"] {
            #expect(throws: BulwarkError.self, "\(bad)") { _ = try PostgresURL(bad) }
        }
    }

    @Test func formatNamesRoundTrip() {
        for name in BankFileFormat.names {
            #expect(BankFileFormat(name: name)?.description == name)
        }
        #expect(BankFileFormat(name: "xml") == nil)
    }

    @Test func aiGeneratedLabels() {
        #expect(AIGenerated(label: " TRUE ") == .yes)
        #expect(AIGenerated(label: "0") == .no)
        #expect(AIGenerated(label: "") == .unknown)
        #expect(AIGenerated(label: "perhaps") == nil)
    }
}
