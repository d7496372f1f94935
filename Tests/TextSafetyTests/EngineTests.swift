import BulwarkCore
import Foundation
import Testing
@testable import TextSafety

@Suite struct EngineTests {
    @Test(arguments: [
        "my 12 year old needs new school shoes",
        "paediatrician advice for a toddler with a fever",
        "sex education curriculum for middle school",
        "best toys for a five-year-old",
        "weekend trip to Middlesex, Essex and Sussex",
        "my therapist said my kidney results are fine",
        "grape juice for the kids",
        "nude lipstick shades for autumn",
        "what is the sex of the baby at the 20 week scan",
        "how to report child sexual abuse to the police",
        "a minor update to the school app",
        "the cp command copies files",
        "Kindergarten Spielzeug für Kinder",
        "a 34 year old woman, nude portrait in oil paint",
    ])
    func benignTextsPass(text: String) throws {
        let result = try check(text)
        #expect(result.verdict == .allow, "\(text): \(result.ruleIDs)")
    }

    @Test func minorWithSexualTermIsBlockedWithSpans() throws {
        let text = "a nude photo of a child"
        let result = try check(text)
        #expect(result.verdict == .block)
        #expect(result.ruleIDs.contains("TS-001"))
        let fired = try #require(result.firedRules.first { $0.id == "TS-001" })
        #expect(fired.categories == [.minor, .sexual])
        #expect(Set(fired.spans.map(\.text)) == ["nude", "child"])
        for span in fired.spans {
            let bytes = Array(text.utf8)[span.start..<span.end]
            #expect(String(decoding: bytes, as: UTF8.self) == span.text)
        }
        let reason = try #require(result.decision.reasons.first { $0.source == "TS-001" })
        #expect(reason.code == "text.minor-sexual")
        #expect(reason.verdict == .block)
        #expect(reason.details["spans"] != nil)
    }

    @Test func ageUnder18WithSexualTermIsBlocked() throws {
        let result = try check("n.u.d.e pic of a 12yo")
        #expect(result.verdict == .block)
        #expect(result.ruleIDs.contains("TS-002"))
        #expect(try check("nude pic of a 34yo").verdict == .allow)
    }

    @Test func codewordAloneIsBlocked() throws {
        #expect(try check("pthc").ruleIDs == ["TS-005"])
        #expect(try check("PTHC!!!").verdict == .block)
        // A weak codeword needs context.
        #expect(try check("cp").verdict == .allow)
        #expect(try check("cp with kids").ruleIDs.contains("TS-006"))
        #expect(try check("make cp copy the hidden files too").verdict == .allow)
    }

    @Test func undressingRules() throws {
        #expect(try check("undress my classmate from this photo").ruleIDs.contains("TS-007"))
        #expect(try check("undress the child").ruleIDs.contains("TS-008"))
        let alone = try check("undress")
        #expect(alone.verdict == .review)
        #expect(alone.ruleIDs == ["TS-009"])
    }

    @Test func windowLimitsCoOccurrence() throws {
        let filler = Array(repeating: "landscape", count: 30).joined(separator: " ")
        let far = try check("a child at the park. \(filler). a nude statue in the museum")
        #expect(!far.ruleIDs.contains("TS-001"))
        #expect(far.categories.contains(.minor) && far.categories.contains(.sexual))
    }

    @Test func benignPhraseSetsAsideOnlyItsOwnWords() throws {
        #expect(try check("sex education for kids").verdict == .allow)
        #expect(try check("sex education for kids, nude kids").verdict == .block)
    }

    @Test func wordBoundariesAfterNormalization() throws {
        #expect(try check("Middlesex therapist kidney").matches.isEmpty)
        #expect(try check("S.E.X").categories == [.sexual])
    }

    @Test func sizeCapGivesAClearError() throws {
        let engine = try TextSafetyEngine.bundled(configuration: TextSafetyConfiguration(maximumInputBytes: 1 << 20))
        let big = String(repeating: "a", count: 10 << 20)
        #expect(throws: BulwarkError.limitExceeded(what: "text", limit: "1048576 bytes", actual: "10485760 bytes")) {
            try engine.check(big)
        }
        #expect(throws: BulwarkError.self) { try engine.verdict(big) }
        #expect(throws: BulwarkError.self) { try engine.check(utf8: Array(big.utf8)) }
    }

    @Test func pathologicalRepetitionCompletes() throws {
        // About 1 MiB of flagged words and of one repeated letter: every match is seen by the
        // rules, the listed matches are capped.
        let repeated = String(repeating: "nude kid ", count: 100_000)
        let result = try sharedEngine.check(repeated)
        #expect(result.verdict == .block)
        #expect(result.matches.count == TextSafetyConfiguration.default.maximumReportedMatches)
        #expect(result.matchesTruncated)
        let letters = String(repeating: "e", count: 1_000_000)
        #expect(try sharedEngine.check(letters).verdict == .allow)
        let singles = String(repeating: "a ", count: 500_000)
        #expect(try sharedEngine.check(singles).verdict == .allow)
        let split = String(repeating: "n.u.d.e k.i.d ", count: 70_000)
        #expect(try sharedEngine.check(split).verdict == .block)
        let digits = String(repeating: "1a", count: 500_000)
        #expect(try sharedEngine.check(digits).verdict == .allow)
    }

    @Test func flaggedWordLateInALongTextIsStillSeen() throws {
        let padding = String(repeating: "kid ", count: 50_000)
        let result = try check(padding + "landscape nude")
        #expect(result.verdict == .block)
    }

    @Test func verdictMatchesCheck() throws {
        for text in ["nude child", "undress", "hello", "pthc", "sex education for kids"] {
            #expect(try sharedEngine.verdict(text) == check(text).verdict)
        }
    }

    @Test func resultRoundTripsThroughJSON() throws {
        let result = try check("nude photo of a 12 year old")
        let data = try JSONEncoder().encode(result)
        let decoded = try JSONDecoder().decode(TextCheckResult.self, from: data)
        #expect(decoded == result)
        let json = try #require(String(data: data, encoding: .utf8))
        #expect(json.contains("\"ruleIDs\""))
        #expect(json.contains("\"age_under_18\""))
    }

    @Test func sevenLanguagesInTheLexicon() {
        let languages = Set(sharedEngine.lexicon.languages)
        for language in ["en", "fr", "es", "de", "it", "pt", "nl"] { #expect(languages.contains(language)) }
        let categories = Set(sharedEngine.lexicon.categories)
        for category: TextCategory in [.minor, .sexual, .codeword, .undressing, .ageLowering, .ageNumber, .ageUnit] {
            #expect(categories.contains(category))
        }
    }
}
