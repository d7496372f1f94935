import BulwarkCore
import Foundation
import Testing
@testable import TextSafety

/// Differential tests against Python: the confusables table is regenerated from the
/// `confusable_homoglyphs` package (Unicode TR39 data), and the per-scalar fold is compared
/// with Python's `unicodedata` (NFKD, combining marks dropped, casefold).
@Suite struct OracleTests {
    @Test func confusablesTableMatchesOracle() throws {
        guard let output = runOracle("make_confusables.py") else { return }
        let shipped = try TextSafetyResources.loadConfusables(from: try TextSafetyResources.bundledDirectory())
        let regenerated = try TextSafetyResources.parseConfusables(output, fileName: "oracle")
        #expect(regenerated == shipped)
        #expect(shipped.count > 1000)
    }

    @Test func scalarFoldMatchesPythonUnicodedata() throws {
        guard let output = runOracle("fold_oracle.py", ["80", "24FF"]) else { return }
        let confusables = try TextSafetyResources.loadConfusables(from: try TextSafetyResources.bundledDirectory())
        var compared = 0
        var disagreements: [String] = []
        for line in output.split(separator: "\n") {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard fields.count == 2, let code = UInt32(fields[0], radix: 16) else { continue }
            // Confusables deliberately override the Unicode fold; skip those.
            if confusables[code] != nil { continue }
            let fold = sharedEngine.normalizer.table.fold(code)
            let ours: String
            switch fold.kind {
            case .ascii1, .ascii2, .ascii3:
                ours = String(decoding: (0..<fold.count).map { fold.byte($0) }, as: UTF8.self)
            default:
                ours = ""
            }
            compared += 1
            if ours != fields[1] { disagreements.append("U+\(fields[0]): python \"\(fields[1])\" swift \"\(ours)\"") }
        }
        #expect(compared > 500)
        #expect(disagreements.isEmpty, "\(disagreements.prefix(20))")
    }
}
