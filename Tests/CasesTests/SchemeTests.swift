import BulwarkCore
import Cases
import Foundation
import Testing

@Suite("Assessment scheme")
struct SchemeTests {
    let scheme = AssessmentScheme.iwfDefault

    @Test("several assessments: the most severe category and the youngest age band win")
    func combineMostSevereYoungest() throws {
        let combined = try #require(scheme.combine([
            Assessment(category: "C", ageBand: "3-6", sex: "female", aiGenerated: .unknown),
            Assessment(category: "A", ageBand: "11-13", sex: "female", aiGenerated: .suspected),
            Assessment(category: "B", ageBand: "14-15", sex: "female", aiGenerated: .unknown),
        ]))
        #expect(combined.category == "A")
        #expect(combined.ageBand == "3-6")
        #expect(combined.sex == "female")
        #expect(combined.aiGenerated == .suspected)
        #expect(combined.discountReasons.isEmpty)
        #expect(!combined.exploitative)
    }

    @Test("a criminal assessment outweighs discounted ones; discounted ones combine their reasons")
    func combineDiscounts() throws {
        let criminal = try #require(scheme.combine([
            Assessment(discountReasons: ["adult"]), Assessment(category: "C", ageBand: "16-17"),
        ]))
        #expect(criminal.category == "C")
        #expect(criminal.discountReasons.isEmpty)
        let discounted = try #require(scheme.combine([
            Assessment(discountReasons: ["adult"], exploitative: false, note: nil),
            Assessment(sex: "male", discountReasons: ["off-remit", "adult"]),
            Assessment(sex: "female", exploitative: true),
        ]))
        #expect(discounted.category == nil)
        #expect(discounted.discountReasons == ["adult", "off-remit"])
        #expect(discounted.exploitative)
        #expect(discounted.sex == nil)
        #expect(scheme.combine([]) == nil)
    }

    @Test("the severity order is configuration, not alphabetical")
    func combineFollowsConfiguredOrder() throws {
        var custom = scheme
        custom.categories = ["C", "B", "A"]
        let combined = try #require(custom.combine([Assessment(category: "A", ageBand: "0-2"), Assessment(category: "C", ageBand: "0-2")]))
        #expect(combined.category == "C")
    }

    @Test("valid assessments pass and are tidied")
    func validAssessments() throws {
        let checked = try scheme.validate(Assessment(category: "B", ageBand: "7-10", sex: "male", note: "  reviewed  "))
        #expect(checked.note == "reviewed")
        let discounted = try scheme.validate(Assessment(discountReasons: ["adult", "adult", "non-photographic"]))
        #expect(discounted.discountReasons == ["adult", "non-photographic"])
        _ = try scheme.validate(Assessment(exploitative: true))
    }

    @Test("invalid combinations name their fields", arguments: [
        (Assessment(category: "A", ageBand: "0-2", discountReasons: ["adult"]), ["discountReasons"]),
        (Assessment(category: "B", ageBand: "3-6", exploitative: true), ["exploitative"]),
        (Assessment(category: "C"), ["ageBand"]),
        (Assessment(category: "D", ageBand: "0-2"), ["category"]),
        (Assessment(category: "A", ageBand: "18+"), ["ageBand"]),
        (Assessment(category: "A", ageBand: "0-2", sex: "x"), ["sex"]),
        (Assessment(discountReasons: ["bored"]), ["discountReasons"]),
        (Assessment(), ["category"]),
        (Assessment(category: "Z", discountReasons: ["adult"], exploitative: true), ["category", "ageBand", "discountReasons", "exploitative"]),
    ])
    func invalidCombinations(assessment: Assessment, fields: [String]) {
        do {
            _ = try scheme.validate(assessment)
            Issue.record("expected an error for \(assessment)")
        } catch {
            #expect(error.fields == fields, "\(error)")
            #expect(error.description.hasPrefix("invalid assessment: \(fields[0]):"))
        }
    }

    @Test("an overlong note or a control character in it is refused")
    func badNotes() {
        #expect(throws: AssessmentInvalid.self) {
            try scheme.validate(Assessment(exploitative: true, note: String(repeating: "x", count: 2001)))
        }
        #expect(throws: AssessmentInvalid.self) { try scheme.validate(Assessment(exploitative: true, note: "a\u{7}b")) }
    }

    @Test("second-opinion standing from each reviewer's latest assessment")
    func secondOpinion() {
        let a = Assessment(category: "A", ageBand: "3-6")
        let c = Assessment(category: "C", ageBand: "14-15")
        #expect(scheme.secondOpinionStatus(latestByReviewer: [:]) == .notRequired)
        #expect(scheme.secondOpinionStatus(latestByReviewer: ["r1": c]) == .notRequired)
        #expect(scheme.secondOpinionStatus(latestByReviewer: ["r1": a]) == .awaiting)
        #expect(scheme.secondOpinionStatus(latestByReviewer: ["r1": a, "r2": c]) == .disagreed)
        #expect(scheme.secondOpinionStatus(latestByReviewer: ["r1": a, "r2": Assessment(category: "A", ageBand: "3-6", sex: "male")]) == .agreed)
        let suspected = Assessment(category: "C", ageBand: "14-15", aiGenerated: .suspected)
        #expect(scheme.secondOpinionStatus(latestByReviewer: ["r1": suspected]) == .awaiting)
        #expect(scheme.secondOpinionRules(for: Assessment(category: "A", ageBand: "0-2", aiGenerated: .suspected)) == ["category A", "AI-generated suspected"])
    }

    @Test("the scheme round-trips through JSON and loads from a file")
    func schemeFromJSON() throws {
        let data = try JSONEncoder().encode(scheme)
        #expect(try AssessmentScheme.decode(data) == scheme)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("scheme-\(UUID().uuidString).json").path
        try data.write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(try AssessmentScheme.load(path: path) == scheme)
    }

    @Test("a bad scheme file names the field", arguments: [
        (#"{"categories":["A"],"ageBands":["0-2"],"sexes":[],"discountReasons":["adult"],"secondOpinion":[{"name":"x","categories":["Q"]}]}"#, "secondOpinion[0].categories"),
        (#"{"categories":[],"ageBands":["0-2"],"sexes":[],"discountReasons":["adult"],"secondOpinion":[]}"#, "categories"),
        (#"{"categories":["A","A"],"ageBands":["0-2"],"sexes":[],"discountReasons":["adult"],"secondOpinion":[]}"#, "categories"),
        (#"{"categories":["A"],"sexes":[],"discountReasons":["adult"],"secondOpinion":[]}"#, "ageBands"),
        (#"{"categories":["A"],"ageBands":"0-2","sexes":[],"discountReasons":["adult"],"secondOpinion":[]}"#, "ageBands"),
        (#"{"categories":["A"],"ageBands":["0-2"],"sexes":[],"discountReasons":["adult"],"secondOpinion":[{"name":"x","aiGenerated":["maybe"]}]}"#, "secondOpinion[0].aiGenerated[0]"),
    ])
    func badSchemes(json: String, field: String) {
        do {
            _ = try AssessmentScheme.decode(Data(json.utf8))
            Issue.record("expected an error")
        } catch let error as BulwarkError {
            guard case let .invalidInput(_, location, _) = error else { Issue.record("wrong error \(error)"); return }
            #expect(location == field, "\(error)")
        } catch {
            Issue.record("wrong error type \(error)")
        }
    }

    @Test("an oversized or truncated scheme file is refused")
    func oversizedScheme() {
        #expect(throws: BulwarkError.self) { try AssessmentScheme.decode(Data(repeating: 0x20, count: (1 << 20) + 1)) }
        #expect(throws: BulwarkError.self) { try AssessmentScheme.decode(Data(#"{"categories":["A"#.utf8)) }
    }
}
