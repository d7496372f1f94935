import BulwarkCore
import Foundation
import Testing
@testable import TextSafety

@Suite struct DataFileTests {
    @Test func lexiconLinesAreParsedWithFlags() throws {
        let entries = try Lexicon.parse("# comment\nen\tchild\nen\tgirl\tweak\r\nde\tnackt\tprefix\n\n",
                                        category: .minor, fileName: "minor.tsv")
        #expect(entries.count == 3)
        #expect(entries[1].strength == .weak)
        #expect(entries[2].isPrefix)
    }

    @Test(arguments: [
        ("en child", "minor.tsv line 1"),
        ("en\tchild\tweak\textra", "minor.tsv line 1"),
        ("en\tchild\n\tkid", "minor.tsv line 2"),
        ("en\t\t", "minor.tsv line 1"),
        ("en\tchild\tloud", "minor.tsv line 1"),
    ])
    func malformedLexiconLinesSayWhere(text: String, location: String) {
        do {
            _ = try Lexicon.parse(text, category: .minor, fileName: "minor.tsv")
            Issue.record("no error for \(text)")
        } catch {
            guard case let .invalidInput(_, where_, _) = error else { Issue.record("\(error)"); return }
            #expect(where_ == location)
        }
    }

    @Test func ageFilesNeedTheirFlags() {
        #expect(throws: BulwarkError.self) { try Lexicon.parse("en\ttwelve", category: .ageNumber, fileName: "age_number.tsv") }
        #expect(throws: BulwarkError.self) { try Lexicon.parse("en\tyears old", category: .ageUnit, fileName: "age_unit.tsv") }
        #expect(throws: BulwarkError.self) { try Lexicon.parse("en\ttwelve\tvalue=900", category: .ageNumber, fileName: "a") }
    }

    @Test func oversizedLexiconAndTermsAreRefused() {
        let long = String(repeating: "a", count: Lexicon.maximumTermBytes + 1)
        #expect(throws: BulwarkError.self) { try Lexicon.parse("en\t\(long)", category: .minor, fileName: "m") }
        let huge = String(repeating: "en\tkid\n", count: Lexicon.maximumFileBytes / 7 + 1)
        #expect(throws: BulwarkError.limitExceeded(what: "lexicon file m", limit: "\(Lexicon.maximumFileBytes) bytes",
                                                   actual: "\(huge.utf8.count) bytes")) {
            try Lexicon.parse(huge, category: .minor, fileName: "m")
        }
    }

    @Test func rulesFileErrorsSayWhat() {
        func parse(_ json: String) throws(BulwarkError) -> [TextRule] {
            try TextRule.parseRules(Data(json.utf8), fileName: "rules.json")
        }
        #expect(throws: BulwarkError.self) { try parse("{") }
        #expect(throws: BulwarkError.self) { try parse(#"{"rules":[{"id":"A"}]}"#) }
        let rule = #"{"id":"A","name":"a","class":"c","verdict":"block","all":[["minor"]],"message":"m"}"#
        #expect(throws: BulwarkError.invalidInput(what: "rules file", where: "rules.json rule A", reason: "duplicate rule id")) {
            try parse(#"{"rules":[\#(rule),\#(rule)]}"#)
        }
        #expect(throws: BulwarkError.self) {
            try parse(#"{"rules":[{"id":"A","name":"a","class":"c","verdict":"block","all":[["minor:loud"]],"message":"m"}]}"#)
        }
        #expect(throws: BulwarkError.self) {
            try parse(#"{"rules":[{"id":"A","name":"a","class":"c","verdict":"block","all":[[]],"message":"m"}]}"#)
        }
        #expect(throws: BulwarkError.self) {
            try parse(#"{"rules":[{"id":"A","name":"a","class":"c","verdict":"maybe","all":[["minor"]],"message":"m"}]}"#)
        }
    }

    @Test func ruleNamingAnUnknownCategoryIsRefused() throws {
        let lexicon = Lexicon(entries: [LexiconEntry(category: .minor, term: "kid", language: "en")])
        let rule = TextRule(id: "X-1", name: "x", class: "x", verdict: .block,
                            all: [[.init(category: .minor)], [.init(category: TextCategory("nonexistent"))]], message: "m")
        #expect(throws: BulwarkError.self) { try TextSafetyEngine(lexicon: lexicon, rules: [rule], confusables: [:]) }
    }

    @Test func termsThatFoldToNothingAreRefused() {
        let lexicon = Lexicon(entries: [LexiconEntry(category: .minor, term: "ребёнок", language: "ru")])
        #expect(throws: BulwarkError.self) { try TextSafetyEngine(lexicon: lexicon, rules: [], confusables: [:]) }
    }

    @Test func confusablesFileIsValidated() throws {
        #expect(try TextSafetyResources.parseConfusables("# x\n0430\ta\n", fileName: "c")[0x430] == UInt8(ascii: "a"))
        #expect(throws: BulwarkError.self) { try TextSafetyResources.parseConfusables("0430\tab", fileName: "c") }
        #expect(throws: BulwarkError.self) { try TextSafetyResources.parseConfusables("0041\ta", fileName: "c") }
        #expect(throws: BulwarkError.self) { try TextSafetyResources.parseConfusables("ZZZZ\ta", fileName: "c") }
    }

    @Test func customEngineFromOwnLexiconAndRules() throws {
        let lexicon = Lexicon(entries: [
            LexiconEntry(category: TextCategory("colour"), term: "blue", language: "en"),
            LexiconEntry(category: TextCategory("fruit"), term: "apple", language: "en"),
        ])
        let rule = TextRule(id: "T-1", name: "blue-apple", class: "test", verdict: .review,
                            all: [[.init(category: TextCategory("colour"))], [.init(category: TextCategory("fruit"))]],
                            window: 2, message: "m")
        let engine = try TextSafetyEngine(lexicon: lexicon, rules: [rule], confusables: [:])
        #expect(try engine.check("a BLUE apple").ruleIDs == ["T-1"])
        #expect(try engine.check("blue is the colour of this apple").ruleIDs == [])
        #expect(try engine.check("pineapple blueberry").matches.isEmpty)
    }
}
