/// How a Hamming threshold is split over the index's substring tables (generalised
/// pigeonhole, Norouzi et al.): if every table's substring were further than its radius
/// from the query, the total distance would be at least the sum of (radius + 1), so
/// radii whose (radius + 1) sum to threshold + 1 guarantee that every match is found in
/// at least one table. A radius of -1 means the table is not probed at all.
struct TableRadii: Equatable {
    let radii: [Int]

    /// Radii for `tables` tables and `threshold` >= 0; earlier tables get the larger radii.
    init(threshold: Int, tables: Int) {
        let budget = threshold + 1
        radii = (0..<tables).map { budget / tables + ($0 < budget % tables ? 1 : 0) - 1 }
    }
}
