/// The queue order of open cases as one sortable number: smaller comes first.
///
/// Order: (1) matches against a known-real-victims bank, then items that may show a real
/// child, then the rest; (2) within that, the youngest age band; (3) then the most severe
/// category. A case not yet assessed sorts after assessed ones of its tier (its band and
/// category are unknown). Ties are broken by the deadline, then the case id, in the query.
public enum CasePriority {
    /// Width of each field in the rank, so a rank reads as `TBBBCCC` in decimal.
    static let fieldWidth: Int64 = 1000

    /// The tier of a case: 0 known real victims, 1 may show a real child, 2 other.
    public static func tier(knownRealVictims: Bool, mayShowRealChild: Bool) -> Int64 {
        knownRealVictims ? 0 : (mayShowRealChild ? 1 : 2)
    }

    /// The rank of a case with these facts under `scheme`.
    public static func rank(
        knownRealVictims: Bool, mayShowRealChild: Bool, assessment: Assessment?, scheme: AssessmentScheme
    ) -> Int64 {
        let unknownBand = Int64(min(scheme.ageBands.count, 999))
        let unknownCategory = Int64(min(scheme.categories.count, 999))
        let band = assessment?.ageBand.flatMap(scheme.ageIndex(of:)).map { Int64(min($0, 998)) } ?? unknownBand
        let category = assessment?.category.flatMap(scheme.severityIndex(of:)).map { Int64(min($0, 998)) } ?? unknownCategory
        return (tier(knownRealVictims: knownRealVictims, mayShowRealChild: mayShowRealChild) * fieldWidth + band) * fieldWidth + category
    }
}
