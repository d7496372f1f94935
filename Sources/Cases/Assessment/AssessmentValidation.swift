extension AssessmentScheme {
    /// Longest reviewer note, in bytes.
    public static let maximumNoteBytes = 2000

    /// Checks `assessment` against the scheme and returns it with discount reasons
    /// de-duplicated and the note trimmed. Throws ``AssessmentInvalid`` listing every problem:
    /// unknown values, a category with a discount reason, exploitative with a category, a
    /// category without an age band, or nothing chosen at all.
    public func validate(_ assessment: Assessment) throws(AssessmentInvalid) -> Assessment {
        var problems: [AssessmentInvalid.Problem] = []
        func problem(_ field: String, _ reason: String) { problems.append(.init(field: field, reason: reason)) }

        if let category = assessment.category, !categories.contains(category) {
            problem("category", "unknown category '\(category)'; expected one of \(categories.joined(separator: ", "))")
        }
        if let band = assessment.ageBand, !ageBands.contains(band) {
            problem("ageBand", "unknown age band '\(band)'; expected one of \(ageBands.joined(separator: ", "))")
        }
        if assessment.category != nil && assessment.ageBand == nil {
            problem("ageBand", "a category needs an age band")
        }
        if let sex = assessment.sex, !sexes.contains(sex) {
            problem("sex", "unknown value '\(sex)'; expected one of \(sexes.joined(separator: ", "))")
        }
        for reason in assessment.discountReasons where !discountReasons.contains(reason) {
            problem("discountReasons", "unknown discount reason '\(reason)'; expected one of \(discountReasons.joined(separator: ", "))")
        }
        if assessment.category != nil && !assessment.discountReasons.isEmpty {
            problem("discountReasons", "a discounted item has no category; remove the category or the discount reasons")
        }
        if assessment.category != nil && assessment.exploitative {
            problem("exploitative", "the exploitative flag is for items without a category")
        }
        if assessment.category == nil && assessment.discountReasons.isEmpty && !assessment.exploitative {
            problem("category", "choose a category, a discount reason, or mark the item exploitative")
        }
        var checked = assessment
        if let note = assessment.note {
            let trimmed = note.trimmingWhitespace()
            if trimmed.utf8.count > Self.maximumNoteBytes {
                problem("note", "longer than \(Self.maximumNoteBytes) bytes")
            } else if trimmed.unicodeScalars.contains(where: { $0.properties.generalCategory == .control && $0 != "\n" }) {
                problem("note", "contains a control character")
            }
            checked.note = trimmed.isEmpty ? nil : trimmed
        }
        guard problems.isEmpty else { throw AssessmentInvalid(problems: problems) }
        var seen = Set<String>()
        checked.discountReasons = assessment.discountReasons.filter { seen.insert($0).inserted }
        return checked
    }
}
