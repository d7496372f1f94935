@testable import PDQ
import Testing

/// The fast luma (whole-number float arithmetic and one division by 1000) must give the same
/// bits as the reference's double-precision formula for every colour, or hashes would drift.
@Suite struct PDQLumaTests {
    @Test func fastLumaEqualsTheReferenceFormulaForAllColours() {
        var mismatches: [(UInt8, UInt8, UInt8)] = []
        for red in 0...255 {
            for green in 0...255 {
                for blue in 0...255 {
                    let (r, g, b) = (UInt8(red), UInt8(green), UInt8(blue))
                    let fast = LumaCoefficients.luma(red: r, green: g, blue: b)
                    let reference = LumaCoefficients.referenceLuma(red: r, green: g, blue: b)
                    if fast.bitPattern != reference.bitPattern, mismatches.count < 10 { mismatches.append((r, g, b)) }
                }
            }
        }
        #expect(mismatches.isEmpty, "luma differs for \(mismatches)")
    }
}
