import BulwarkCore
import Foundation
import Testing
@testable import TextSafety

@Suite struct EvaluationSetTests {
    @Test func evaluationSetCoversLanguagesAndLookAlikes() throws {
        let cases = try TextEvaluation.bundledCases()
        let benign = cases.filter { $0.expected.isEmpty }
        let harmful = cases.filter { !$0.expected.isEmpty }
        #expect(benign.count >= harmful.count)
        #expect(Set(cases.map(\.language)) == ["en", "fr", "es", "de", "it", "pt", "nl"])
        for language in ["en", "fr", "es", "de", "it", "pt", "nl"] {
            #expect(harmful.contains { $0.language == language })
            #expect(benign.contains { $0.language == language })
        }
        #expect(harmful.contains { $0.variant == "obfuscated" })
        let classes = Set(harmful.flatMap(\.expected))
        #expect(classes.isSuperset(of: ["sexual_minor", "codeword", "undressing", "age_lowering", "abuse_material"]))
    }

    @Test func engineScoresOnTheEvaluationSet() throws {
        let report = try TextEvaluation.run(try TextEvaluation.bundledCases(), engine: sharedEngine)
        #expect(report.harmful.falsePositives == 0, "\(report.mistakes)")
        #expect(report.harmful.recall >= 0.95, "\(report.mistakes)")
        for score in report.classes { #expect(score.precision >= 0.9, "\(score)") }
    }

    @Test func scoringCountsEachKindOfMistake() throws {
        let cases = try TextEvaluation.parse("""
            # header
            en\tcodeword\tplain\tpthc
            en\tcodeword\tplain\thello
            en\tbenign\tplain\tpthc again
            en\tbenign\tplain\ta garden
            """, fileName: "t.tsv")
        let report = try TextEvaluation.run(cases, engine: sharedEngine)
        let codeword = try #require(report.classes.first { $0.name == "codeword" })
        #expect(codeword.truePositives == 1)
        #expect(codeword.falseNegatives == 1)
        #expect(codeword.falsePositives == 1)
        #expect(codeword.precision == 0.5)
        #expect(codeword.recall == 0.5)
        #expect(report.mistakes.map(\.line) == [3, 4])
    }

    @Test func malformedEvaluationLinesSayWhere() {
        #expect(throws: BulwarkError.invalidInput(what: "evaluation case", where: "e.tsv line 2",
                                                  reason: "expected lang, expected, variant, text separated by tabs")) {
            try TextEvaluation.parse("en\tbenign\tplain\tok\nen\tbenign", fileName: "e.tsv")
        }
    }
}
