extension AssessmentScheme {
    /// The one assessment that stands for several of the same item (several reviewers, or
    /// several people in one image): the MOST severe category and the YOUNGEST age band win.
    ///
    /// If any assessment has a category, the result is criminal: no discount reasons, not
    /// exploitative. Otherwise it is exploitative if any says so, and carries the union of
    /// discount reasons. AI status is the strongest indication (declared > suspected >
    /// unknown). Sex is kept when every assessment naming one names the same, else `nil`.
    /// Notes are not combined. Returns `nil` for no assessments.
    public func combine(_ assessments: [Assessment]) -> Assessment? {
        guard let first = assessments.first else { return nil }
        let category = assessments.compactMap(\.category).min { rank(severityIndex(of: $0)) < rank(severityIndex(of: $1)) }
        let ageBand = assessments.compactMap(\.ageBand).min { rank(ageIndex(of: $0)) < rank(ageIndex(of: $1)) }
        let sexes = Set(assessments.compactMap(\.sex))
        var combined = Assessment(
            category: category, ageBand: ageBand, sex: sexes.count == 1 ? sexes.first : nil,
            aiGenerated: assessments.map(\.aiGenerated).max() ?? first.aiGenerated)
        if category == nil {
            var seen = Set<String>()
            combined.discountReasons = assessments.flatMap(\.discountReasons).filter { seen.insert($0).inserted }
            combined.exploitative = assessments.contains(where: \.exploitative)
        }
        return combined
    }

    /// Unknown values sort after every known one.
    private func rank(_ index: Int?) -> Int { index ?? Int.max }

    /// The second-opinion standing of a case from each reviewer's LATEST assessment
    /// (`latestByReviewer`, keyed by reviewer id).
    public func secondOpinionStatus(latestByReviewer: [String: Assessment]) -> SecondOpinionStatus {
        let assessments = latestByReviewer.sorted { $0.key < $1.key }.map(\.value)
        guard assessments.contains(where: { assessment in secondOpinion.contains { $0.applies(to: assessment) } }) else {
            return .notRequired
        }
        guard assessments.count >= 2 else { return .awaiting }
        let first = assessments[0]
        return assessments.dropFirst().allSatisfy { $0.agrees(with: first) } ? .agreed : .disagreed
    }

    /// The names of the second-opinion rules `assessment` triggers.
    public func secondOpinionRules(for assessment: Assessment) -> [String] {
        secondOpinion.filter { $0.applies(to: assessment) }.map(\.name)
    }
}
